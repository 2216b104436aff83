"""Give the notebooks' figures their alt text on the website.

nnlib's figures store what they show, in words, in their output's metadata
(``{"image/png": {"alt": "..."}}``, see ``nnlib.figures.plots.CourseFigure``); myst-nb reads only
width and height from there, so its images have their file name as alt text. myst-nb names each
image file by the SHA-256 of its bytes: this extension hashes every PNG output of the notebook
the same way and puts the stored alt text on the image with that name.
"""
import base64
import hashlib
import json
from pathlib import Path

from docutils import nodes


def _alt_texts(notebook):
    texts = {}
    for cell in notebook.get("cells", []):
        for output in cell.get("outputs", []):
            alt = output.get("metadata", {}).get("image/png", {}).get("alt")
            data = output.get("data", {}).get("image/png")
            if alt and data:
                texts[hashlib.sha256(base64.b64decode("".join(data))).hexdigest()] = alt
    return texts


def _set_alt_texts(app, doctree):
    source = Path(app.env.doc2path(app.env.docname))
    if source.suffix != ".ipynb":
        return
    texts = _alt_texts(json.loads(source.read_text(encoding="utf-8")))
    for image in doctree.findall(nodes.image):
        alt = texts.get(Path(image["uri"]).stem)
        if alt:
            image["alt"] = alt


def setup(app):
    app.connect("doctree-read", _set_alt_texts)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
