"""The one error a service raises when a rule is broken."""


class DomainError(Exception):
    """A rule was broken and nothing was changed.

    `errors` maps the name of the input (a form field name) to a message for the reader; the
    web layer puts each message next to its field (`blueprints.forms.show_errors`).
    """

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors
