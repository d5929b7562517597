"""A pytest plugin for mutation runs only (see pyproject's [tool.mutmut]).

mutmut passes each mutant's tests fastest first, mixing modules. Leaving a module and coming back
would load the real guide again (the module-scoped `loaded_guide` fixture) for seconds each time,
so this keeps that order but runs each module's tests together: the modules without a database
first (the pure engine's tests take 2 s), then the others in order of their fastest test.
"""


def pytest_collection_modifyitems(items) -> None:
    first: dict[str, int] = {}
    for position, item in enumerate(items):
        first.setdefault(item.nodeid.split("::")[0], position)
    items.sort(key=lambda item: (item.get_closest_marker("django_db") is not None, first[item.nodeid.split("::")[0]]))
