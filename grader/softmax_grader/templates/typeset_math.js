// Typesets the TeX of an HTML page with MathJax, in Node.js, as SVG written into the page:
// the page then shows its maths with no script and no network. softmax_grader.feedback runs it
// on each feedback page as nbgrader writes it.
//
//     node typeset_math.js MATHJAX_ES5_DIRECTORY < page.html > typeset.html
//
// MathJax 3 comes from the directory given (sphinx-mathjax-offline's copy). It reads $...$,
// \(...\), $$...$$, \[...\] and environments, outside <pre>, <code>, <script>, <style>; a
// formula it cannot read is shown as the TeX in red (MathJax's error box), not left raw.
"use strict";
const fs = require("fs");
const path = require("path");

const root = path.resolve(process.argv[2]);
const page = fs.readFileSync(0, "utf8");

global.MathJax = {
  loader: {
    paths: {mathjax: root},
    require: require,
    load: ["adaptors/liteDOM", "input/tex-full", "output/svg", "a11y/assistive-mml"],
  },
  tex: {
    inlineMath: [["$", "$"], ["\\(", "\\)"]],
    displayMath: [["$$", "$$"], ["\\[", "\\]"]],
    processEscapes: true,
    processEnvironments: true,
    tags: "ams",
  },
  // One set of glyph paths for the whole page, in an <svg> at its end.
  svg: {fontCache: "global"},
  startup: {document: page},
};

require(path.join(root, "startup.js"));

MathJax.startup.promise
  .then(() => {
    const adaptor = MathJax.startup.adaptor;
    const html = MathJax.startup.document;
    process.stdout.write(adaptor.doctype(html.document) + "\n" + adaptor.outerHTML(adaptor.root(html.document)) + "\n");
  })
  .catch((error) => {
    process.stderr.write(String(error && error.stack || error) + "\n");
    process.exit(1);
  });
