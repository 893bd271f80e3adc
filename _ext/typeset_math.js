// Typesets TeX at build time for _ext/server_math.py, as MathJax would in the reader's browser:
// CommonHTML output with MathJax's TeX fonts, and a hidden MathML copy for screen readers.
// Reads JSON on stdin: {"tex": {TeX input options, e.g. macros}, "pages": [{"fontURL": ...,
// "formulas": [{"tex": ..., "display": true|false}, ...]}, ...]}.
// Writes JSON on stdout: [{"css": the page's stylesheet, "html": [one per formula],
// "errors": ["TeX: message", ...]}, ...].
"use strict";

const {mathjax} = require("mathjax-full/js/mathjax.js");
const {TeX} = require("mathjax-full/js/input/tex.js");
const {CHTML} = require("mathjax-full/js/output/chtml.js");
const {liteAdaptor} = require("mathjax-full/js/adaptors/liteAdaptor.js");
const {RegisterHTMLHandler} = require("mathjax-full/js/handlers/html.js");
const {AssistiveMmlHandler} = require("mathjax-full/js/a11y/assistive-mml.js");
const {AllPackages} = require("mathjax-full/js/input/tex/AllPackages.js");

// An undefined macro or a TeX error is reported, not drawn in red.
const PACKAGES = AllPackages.filter((name) => !["noerrors", "noundefined"].includes(name));

const adaptor = liteAdaptor();
AssistiveMmlHandler(RegisterHTMLHandler(adaptor));

function typesetPage(page, texOptions) {
  const errors = [];
  const tex = new TeX({
    ...texOptions,
    packages: PACKAGES,
    formatError: (jax, error) => {
      throw error;
    },
  });
  // The browser scaled MathJax to the x-height of the text around it (about 1.2 times its own).
  const chtml = new CHTML({fontURL: page.fontURL, scale: 1.2});
  const document = mathjax.document("", {InputJax: tex, OutputJax: chtml});
  const html = page.formulas.map(({tex: source, display}) => {
    try {
      return adaptor.outerHTML(document.convert(source, {display}));
    } catch (error) {
      errors.push(`${error.message} in ${source.trim()}`);
      return "";
    }
  });
  return {css: adaptor.textContent(chtml.styleSheet(document)), html, errors};
}

const input = JSON.parse(require("fs").readFileSync(0, "utf8"));
process.stdout.write(JSON.stringify(input.pages.map((page) => typesetPage(page, input.tex))));
