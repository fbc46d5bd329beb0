"""Where a workbook's hyperlinks lead: a cell may show "написать" or "скан" and link to an e-mail address, a
phone number or a scanned document named after its client ("mailto:ivanov@mail.ru", "tel:+7701...",
"file:///C:/Сканы/Иванов Сергей паспорт.pdf"). The cell's value is searched, not where it leads; that is in
the worksheet's relationships, and ``identifiers.workbook_identifiers`` searches it as free text.
"""

from __future__ import annotations

from urllib.parse import unquote

from pipelines.lib.xlsx_parts import Package, placed_sheets, relationships, workbook_package
from pipelines.lib.xlsx_sheet import Place

_HYPERLINK = "/hyperlink"  # how a worksheet's relationships name a hyperlink's target


def hyperlink_targets(data: bytes | Package) -> list[tuple[Place, str]]:
    """Each hyperlink's target outside the workbook, of every worksheet (hidden ones too), with its worksheet's
    place, as written (its %-escapes decoded: "%D0%98" is "И"), in the workbook's order."""
    found: list[tuple[Place, str]] = []
    with workbook_package(data) as package:
        reader, names = package
        for sheet in (s for s in placed_sheets(package) if s.worksheet):
            rels = relationships(reader.archive, names, sheet.part, (_HYPERLINK,))
            targets = [unquote(target) for target, _ in rels]
            # "#Лист1!A1": a place in the workbook, as openpyxl writes one
            found += [(sheet.place, t) for t in targets if t and not t.startswith("#")]
    return found
