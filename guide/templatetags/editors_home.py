from django import template

from guide.editors_home import home_for

register = template.Library()


@register.simple_tag
def editors_home(user) -> dict:
    return home_for(user)
