"""Why a DOCX → PDF conversion did not produce a PDF.

The message is Russian (it is shown to users and recorded as the reason of a failed
conversion); ``code`` is a stable English slug for code, logs and tests.
"""

from __future__ import annotations

from core.errors import ApplicationError

LIBREOFFICE_MISSING = "libreoffice_missing"
CORRUPT_INPUT = "corrupt_input"
CONVERSION_FAILED = "conversion_failed"
TIMEOUT = "timeout"
POOL_BUSY = "pool_busy"

MSG_LIBREOFFICE_MISSING = (
    "Преобразование в PDF невозможно: LibreOffice не найден ({executable}). "
    "Установите пакет libreoffice-writer-nogui или укажите путь в настройке PDF_SOFFICE."
)
MSG_EMPTY_INPUT = "Файл DOCX пуст: преобразовывать в PDF нечего."
MSG_NOT_ZIP = "Файл не является документом DOCX: это не ZIP-архив Office Open XML."
MSG_NOT_WORD = "Файл не является документом Word: в архиве нет word/document.xml."
MSG_UNREADABLE = (
    "Файл DOCX повреждён: LibreOffice не смог его открыть ({detail})."
)
MSG_FAILED = "LibreOffice не смог преобразовать документ в PDF: {detail}"
MSG_TIMEOUT = (
    "Преобразование в PDF не завершилось за {timeout:g} с; "
    "зависший процесс LibreOffice остановлен."
)
MSG_POOL_BUSY = "Нет свободного обработчика PDF: ожидание превысило {timeout:g} с."


class ConversionError(ApplicationError):
    """The document could not be converted; ``code`` names the cause."""

    def __init__(self, message: str, *, code: str = CONVERSION_FAILED):
        super().__init__(message, code=code, extra={"code": code})


class ConversionTimeout(ConversionError):
    """The conversion (or the wait for a free pool worker) exceeded its time limit."""

    def __init__(self, message: str, *, code: str = TIMEOUT):
        super().__init__(message, code=code)
