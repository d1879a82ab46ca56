"""Views: what a page, a brief step and an export all show, computed without Streamlit.

Each view module has an options dataclass (frozen, round-trips through a query string)
and a function ``(data, options, *, theme) -> ViewResult``.
"""
