"""DOCX → PDF with LibreOffice: a warm unoserver pool shared by every process of the
machine, and a cold ``soffice`` fallback when no pool runs. See docs/pdf.md.

    from documents.pdf import convert_docx_to_pdf, ConversionError, ConversionTimeout
"""

from documents.pdf.conversion import convert_docx_to_pdf
from documents.pdf.errors import ConversionError, ConversionTimeout

__all__ = ["ConversionError", "ConversionTimeout", "convert_docx_to_pdf"]
