#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Writes the messy asset registers the import tests read (tests/ingest/registers/).

They imitate what councils, schools and NHS trusts send as FOI returns: exports in
several encodings and delimiters, titles above the header, merged site cells, blank and
heading rows, quantity columns, and make and model typed together in one cell. The
produced files are committed; rerun this (python3-openpyxl, a Debian package) only to
change them. expected.tsv beside them says what each row must be identified as.
"""
import pathlib

from openpyxl import Workbook
from openpyxl.styles import Font

OUT = pathlib.Path(__file__).resolve().parent / "registers"


def write(name, text, encoding, bom=b""):
    (OUT / name).write_bytes(bom + text.encode(encoding))


def council():
    # UTF-8 with BOM (Excel's "CSV UTF-8"), commas, a title block, the site written once per block.
    rows = [
        "Northshire Council - CCTV Asset Register,,,,,,,,",
        "Exported 01/03/2024 by Facilities,,,,,,,,",
        ",,,,,,,,",
        "Site,Location,Make,Model No.,Serial No.,MAC Address,IP Address,Install Date,Qty",
        'Town Hall,"Reception, ground floor",Hikvision,DS-2CD2143G0-I,DS-2CD2143G0-I20190312AAWRD12345678,C0-56-E3-11-22-33,10.20.1.11,12/03/2019,1',
        ',Car park,HIK VISION,DS-2CD2385G1-I,,,10.20.1.12,2020,1',
        ',Rear yard,Dahua,IPC-HDW5831R-ZE,6G0ABC1PAZ12345,,10.20.1.13,,1',
        'Leisure Centre,Pool hall,Axis,P3245-LVE,ACCC8E123456,AC:CC:8E:12:34:56,10.20.2.21,2021-06-01,1',
        ',Entrance,"Samsung Wisenet",XNV-8080R,,,10.20.2.22,,2',
        ',Plant room,,,,,,,',
        'Depot,Gate,Uniview,IPC2124LB-SF28KM-G,,,10.20.3.31,,1',
    ]
    write("council_utf8bom_comma.csv", "\r\n".join(rows) + "\r\n", "utf-8", b"\xef\xbb\xbf")


def foi_cp1252():
    # Windows-1252 with semicolons (a European-locale Excel), header on line 4, a total row.
    rows = [
        "Freedom of Information request 2023/114 - response;;;",
        "Cameras by location;;;",
        ";;;",
        "Manufacturer;Model;Location;Quantity",
        "Hikvision;DS-2CD2042WD-I;Café entrance;4",
        "Dahua;SD49225XA-HNR;Façade (north);1",
        "Honeywell;HDZP252DI;Stairwell;2",
        "Lorex;LNR6100;Server room;1",
        "Hikvision;DS-7608NI-K2;Server room;ten",
        "Total;;;18",
    ]
    write("foi_return_cp1252_semicolon.csv", "\r\n".join(rows) + "\r\n", "cp1252")


def school_utf16():
    # Excel's "Unicode text": UTF-16LE with BOM, tab separated, make and model typed in one cell.
    rows = [
        "Make/Model\tRoom\tSerial",
        "HIK VISION DS-2CD2143G0-I\tHall\t",
        "Dahua/Lorex NVR\tOffice\t",
        "Samsung Wisenet 8MP\tPlayground\t",
        "ANNKE C500\tGate\t",
        "Honeywell 30 Series\tCorridor\t",
        "Lorex LNR6100\tOffice\t",
    ]
    write("school_utf16le_tab.csv", "\r\n".join(rows) + "\r\n", "utf-16-le", b"\xff\xfe")


def hospital_latin1():
    # Latin-1, pipes, headings between blocks, blank lines, a description column.
    rows = [
        "St Elsewhere NHS Trust|||",
        "|||",
        "Description|Area|IP|Install date",
        "Block A|||",
        "Hikvision DS-2DE4425IW-DE PTZ|Ward 3 corridor|10.9.0.5|2018",
        "Axis M3106-L Mk II dome|Pharmacy|10.9.0.6|2019",
        "|||",
        "Block B|||",
        "Hanwha QNV-6012R|Entrance|10.9.1.5|2020",
        "Avigilon 2.0C-H5A-DO1|Café|10.9.1.6|2021",
        "Unknown dome camera|Garage||",
    ]
    write("hospital_pipe_latin1.csv", "\n".join(rows) + "\n", "latin-1")


def estates_xlsx():
    # Header on row 3, the site merged down its block, real dates, a quantity column.
    wb = Workbook()
    ws = wb.active
    ws.title = "Cameras"
    ws["A1"] = "Estates CCTV inventory"
    ws["A1"].font = Font(bold=True)
    ws.append([])
    ws.append(["Site", "Location", "Brand", "Model", "Serial number", "MAC", "Qty", "Installed"])
    import datetime
    data = [
        ["North Campus", "Library", "Hikvision", "DS-2CD2386G2-IU", "", "", 3, datetime.date(2022, 5, 4)],
        [None, "Lab 2", "Dahua", "IPC-HFW2431S-S-S2", "", "", 1, datetime.date(2021, 1, 1)],
        [None, "Gym", "EZVIZ", "CS-C3N", "", "", 2, None],
        ["South Campus", "Reception", "Bosch", "NDE-3502-AL", "", "", 1, datetime.date(2020, 9, 30)],
        [None, "Store", "HiLook", "IPC-B140H", "", "", 1, None],
    ]
    for row in data:
        ws.append(row)
    ws.merge_cells("A4:A6")
    ws.merge_cells("A7:A8")
    wb.save(OUT / "estates_merged.xlsx")


def trust_xlsx():
    # Columns named as the supplier wrote them ("Supplier", "Type"): needs --columns.
    wb = Workbook()
    ws = wb.active
    ws.append(["Asset ref", "Supplier", "Type", "Where"])
    ws.append(["CAM-001", "Tiandy", "TC-C32XN", "Main gate"])
    ws.append(["CAM-002", "Vivotek", "FD9380-H", "Lobby"])
    ws.append([None, None, None, None])
    ws.append(["CAM-003", "Reolink", "RLC-810A", "Bike shed"])
    ws.append(["CAM-004", "x" * 70000, "", "A note pasted into the wrong cell"])
    wb.save(OUT / "trust_columns.xlsx")


if __name__ == "__main__":
    OUT.mkdir(exist_ok=True)
    council()
    foi_cp1252()
    school_utf16()
    hospital_latin1()
    estates_xlsx()
    trust_xlsx()
