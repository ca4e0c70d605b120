#!/usr/bin/env python3
"""Writes the compact extract of French communes and EPCI that `ess-geo` embeds.

Usage: python3 corpus/communes/refresh.py [VERSION]   (default: the vintage below)

Fetches the npm package @etalab/decoupage-administratif at VERSION with `npm pack` into a
temporary folder (the npm registry is reachable from every machine here), and writes, beside
this script, tab-separated files with one line per item and no header:

- communes.tsv     code INSEE, name, département, région, postal codes (space-separated),
                   population (empty if unknown), EPCI SIREN (empty if none), former codes
- epci.tsv         SIREN, name, type (CC, CA, CU, METRO, MET69), total population
- departements.tsv code, name, région code
- regions.tsv      code, name
- VINTAGE          the package version

Membership of communes in EPCI comes from the EPCI member lists (communes carry no EPCI field).
"""
import json
import pathlib
import subprocess
import sys
import tarfile
import tempfile

VERSION = sys.argv[1] if len(sys.argv) > 1 else "6.0.0"
HERE = pathlib.Path(__file__).resolve().parent


def clean(text):
    return " ".join(str(text).split())


def fold(text):
    """The folded form ess-geo looks names up by (same rules as geo/src/fold.rs)."""
    import unicodedata
    plain = []
    for c in unicodedata.normalize("NFKD", text):
        if "\u0300" <= c <= "\u036f":
            continue
        if c in "œŒ":
            plain.append("oe")
        elif c in "æÆ":
            plain.append("ae")
        elif c.isalnum():
            plain.append(c.lower())
        else:
            plain.append(" ")
    words = {"st": "saint", "ste": "sainte"}
    return " ".join(words.get(w, w) for w in "".join(plain).split())


def main():
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            ["npm", "pack", f"@etalab/decoupage-administratif@{VERSION}", "--silent"],
            cwd=tmp, check=True, stdout=subprocess.DEVNULL,
        )
        archive = next(pathlib.Path(tmp).glob("*.tgz"))
        with tarfile.open(archive) as tar:
            tar.extractall(tmp, filter="data")
        data = pathlib.Path(tmp) / "package" / "data"
        load = lambda name: json.loads((data / name).read_text(encoding="utf-8"))
        communes = [c for c in load("communes.json") if c["type"] == "commune-actuelle"]
        epcis = load("epci.json")
        departements = load("departements.json")
        regions = load("regions.json")

    epci_of = {}
    for e in epcis:
        for m in e["membres"]:
            epci_of[m["code"]] = e["code"]
    lines = []
    for c in sorted(communes, key=lambda c: c["code"]):
        lines.append("\t".join([
            c["code"], clean(c["nom"]), c["departement"], c["region"],
            " ".join(c.get("codesPostaux", [])),
            str(c["population"]) if c.get("population") is not None else "",
            epci_of.get(c["code"], ""),
            " ".join(c.get("anciensCodes", [])),
            fold(c["nom"]),
        ]))
    (HERE / "communes.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (HERE / "epci.tsv").write_text("\n".join(
        "\t".join([e["code"], clean(e["nom"]), e["type"], str(e.get("populationTotale", ""))])
        for e in sorted(epcis, key=lambda e: e["code"])) + "\n", encoding="utf-8")
    (HERE / "departements.tsv").write_text("\n".join(
        "\t".join([d["code"], clean(d["nom"]), d["region"]])
        for d in sorted(departements, key=lambda d: d["code"])) + "\n", encoding="utf-8")
    (HERE / "regions.tsv").write_text("\n".join(
        "\t".join([r["code"], clean(r["nom"])])
        for r in sorted(regions, key=lambda r: r["code"])) + "\n", encoding="utf-8")
    (HERE / "VINTAGE").write_text(VERSION + "\n", encoding="utf-8")
    print(f"{len(communes)} communes, {len(epcis)} EPCI, {len(departements)} départements, "
          f"{len(regions)} régions ({VERSION})")


if __name__ == "__main__":
    main()
