"""Clinical governance (issue 24): no change reaches a person in pain until a second person approves it.

Live content tables hold only approved content. An editor's save in the admin is run inside a
transaction that is rolled back; what it would have written is kept as a `ChangeRequest` (a JSON
draft), which a clinical reviewer who is not its author approves or sends back. Every public query
keeps reading the live tables, so a draft cannot reach a reader by construction.

- `models.py`: `ChangeRequest` and the reviewer's `Profile`.
- `roles.py`: the three groups and their permissions.
- `graph.py`: a page and its parts (inlines, many-to-many) as JSON, the field-by-field diff, applying it.
- `numbers.py`: the emergency numbers each country may show, with their sources.
- `review.py`: approving, sending back, the emergency override (plain functions).
- `admin.py`: the mixin that turns admin saves into drafts, and the review pages.
- `preview.py`: a draft's page as a reader would see it, rendered in a transaction that is rolled back.
- `views.py`: the public "What's changed" page and its Atom feed.
"""
