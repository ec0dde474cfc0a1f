#!/usr/bin/env python3
"""Reads a PDF back for the tests: every text span with its font, size,
origin (points from the top-left corner) and text, per page; the document
metadata and catalog language. Prints JSON. Uses PyMuPDF."""
import json
import sys

import pymupdf


def main(path):
    doc = pymupdf.open(path)
    pages = []
    for page in doc:
        # MuPDF draws a "SIGN" tag of its own on unsigned signature fields and
        # extracts it as text; the file holds no such text. Read the page alone.
        for w in list(page.widgets()):
            page.delete_widget(w)
        spans = []
        for block in page.get_text("dict", sort=False)["blocks"]:
            for line in block.get("lines", []):
                for s in line["spans"]:
                    spans.append({
                        "text": s["text"],
                        "font": s["font"],
                        "size": round(s["size"], 3),
                        "x": round(s["origin"][0], 3),
                        "y": round(s["origin"][1], 3),
                        "x1": round(s["bbox"][2], 3),
                    })
        pages.append({
            "width": page.rect.width,
            "height": page.rect.height,
            "spans": spans,
            "text": page.get_text("text", sort=False),
        })
    catalog = doc.pdf_catalog()
    lang = doc.xref_get_key(catalog, "Lang")
    out = {
        "pages": pages,
        "metadata": doc.metadata,
        "lang": lang[1] if lang[0] != "null" else None,
    }
    json.dump(out, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main(sys.argv[1])
