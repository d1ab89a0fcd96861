"""Forms of the import pages: a file of summaries, and a PubMed record to start a draft from."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import TextAreaField

from services import imports, pubmed

NO_RECORD = "Paste a PubMed record, or choose a file that holds one."


class ImportForm(FlaskForm):
    file = FileField(
        "File to import",
        description=f"A .json, .csv or .toml file of up to {imports.MAX_MB} MB. "
        "The format is recognized from the file.",
        validators=[FileRequired("Choose a file to import.")],
        render_kw={"accept": ".json,.csv,.toml,application/json,text/csv"},
    )

    def upload(self) -> tuple[str, bytes]:
        """The file's name and at most one byte more than the limit, so size can be checked."""
        return self.file.data.filename or "", self.file.data.read(imports.MAX_BYTES + 1)


class PubmedForm(FlaskForm):
    xml = TextAreaField(
        "PubMed record (XML)",
        description="On the study's PubMed page, choose Cite or Send to, then the XML format, "
        "and paste all of it here.",
        render_kw={"rows": 12, "spellcheck": "false"},
    )
    file = FileField(
        "Or choose a saved XML file",
        description=f"Up to {pubmed.MAX_MB} MB, one record.",
        render_kw={"accept": ".xml,application/xml,text/xml"},
    )

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if valid and not (self.xml.data or "").strip() and not self.file.data:
            self.xml.errors.append(NO_RECORD)
            return False
        return valid

    def record(self) -> str:
        """The pasted record, or the uploaded file's text (DomainError when unreadable)."""
        if self.file.data:
            return pubmed.text_of(self.file.data.read(pubmed.MAX_BYTES + 1))
        return self.xml.data
