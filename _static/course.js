/* The course site's own behaviour (Jupyter Book adds every script in _static/ to every page).
   - Each solution toggle is named after the exercise it opens, not "Toggle hidden content".
   - The "Exercise N.M" link in a solution's title only follows the link: sphinx-togglebutton
     toggles on any click in the title, and for a click on the link it finds no button (a
     ReferenceError, then the last solution used opens instead of this one).
   - A code block or output that scrolls is a Tab stop, checked as it nears the screen.
   - A display equation a little wider than its column (by at most a fifth) is set smaller to
     fit; one wider still becomes a named Tab stop that scrolls sideways, with a visible hint;
     checked when the equation nears the screen (course.css lays out a section only then) and
     on a resize.
   - A copied selection carries each formula as its TeX between $ (or $$ for a display), kept in
     data-tex when the formula was typeset at build time (_ext/server_math.py).
   - Search results show their snippets' maths as plain text (∂L/∂z = a − y), not raw TeX. */
(() => {
  "use strict";

  function nameSolutionToggles() {
    document.querySelectorAll(".solution .admonition-title .toggle-button").forEach((button) => {
      const title = button.closest(".admonition-title");
      if (!title.id) title.id = `${button.closest(".solution").id}-title`;
      button.removeAttribute("aria-label");
      button.setAttribute("aria-labelledby", title.id);
    });
  }

  function letTitleLinksOnlyLink() {
    document.querySelectorAll(".toggle > .admonition-title a[href]").forEach((link) => {
      link.addEventListener("click", (event) => event.stopPropagation());
    });
  }

  function equationName(container) {
    const number = container.closest(".math")?.querySelector(".eqno")?.firstChild?.textContent.trim();
    return number ? `Equation ${number}, wider than the page: scroll sideways` :
      "Equation wider than the page: scroll sideways";
  }

  const SMALLEST = 0.8;  // an equation is set at no less than 80 % of its size to fit

  function fitToColumn(container) {
    if (!("fontSize" in container.dataset)) container.dataset.fontSize = container.style.fontSize;
    container.style.fontSize = container.dataset.fontSize;
    const ratio = container.clientWidth / container.scrollWidth;
    if (ratio >= 1 || ratio < SMALLEST) return;
    const base = parseFloat(getComputedStyle(container).fontSize);
    container.style.fontSize = `${Math.floor(base * ratio * 10) / 10}px`;
  }

  function markWideEquations(containers) {
    containers.forEach(fitToColumn);
    const wide = containers.map((container) => container.scrollWidth > container.clientWidth + 1);
    containers.forEach((container, index) => {
      const block = container.closest("div.math") ?? container;
      const hint = block.nextElementSibling?.classList.contains("course-scroll-hint")
        ? block.nextElementSibling : null;
      if (wide[index]) {
        container.classList.add("course-wide-math");
        container.tabIndex = 0;
        container.setAttribute("role", "region");
        container.setAttribute("aria-label", equationName(container));
        if (!hint) {
          block.insertAdjacentHTML("afterend",
            '<span class="course-scroll-hint" aria-hidden="true">scroll sideways ⇆</span>');
        }
      } else if (container.classList.contains("course-wide-math")) {
        container.classList.remove("course-wide-math");
        ["tabindex", "role", "aria-label"].forEach((name) => container.removeAttribute(name));
        hint?.remove();
      }
    });
  }

  // A code block or output that scrolls is a Tab stop, as the theme makes it (page_scripts.py
  // leaves its first pass over the whole page to this check, made as each block nears the screen).
  const BLOCKS = "pre, .nboutput > .output_area, .cell_output > .output, .jp-RenderedHTMLCommon, " +
    ".pst-scrollable-table-container";

  function markScrollableBlocks(blocks) {
    const scrolls = blocks.map((block) =>
      block.scrollWidth > block.clientWidth || block.scrollHeight > block.clientHeight);
    blocks.forEach((block, index) => {
      block.tabIndex = scrolls[index] ? 0 : -1;
    });
  }

  // `check` runs on the elements as they come near the screen, and on those near it on a resize.
  function checkNearScreen(elements, check) {
    const near = new Set();
    const observer = new IntersectionObserver((entries) => {
      entries.forEach((entry) => (entry.isIntersecting ? near.add(entry.target) : near.delete(entry.target)));
      check(entries.filter((entry) => entry.isIntersecting).map((entry) => entry.target));
    }, {rootMargin: "200px"});
    elements.forEach((element) => observer.observe(element));
    let pending = null;
    window.addEventListener("resize", () => {
      cancelAnimationFrame(pending);
      pending = requestAnimationFrame(() => check([...near]));
    });
  }

  function copyFormulasAsTeX(event) {
    const selection = document.getSelection();
    if (!selection.rangeCount) return;
    const range = selection.getRangeAt(0);
    const start = range.commonAncestorContainer;
    const within = (start.nodeType === Node.ELEMENT_NODE ? start : start.parentElement)
      .closest("mjx-container[data-tex]");
    const copy = document.createElement("div");
    copy.append(within ? within.cloneNode(true) : range.cloneContents());
    const formulas = copy.querySelectorAll("mjx-container[data-tex]");
    if (!formulas.length) return;
    formulas.forEach((math) => {
      const fence = math.getAttribute("display") === "true" ? "$$" : "$";
      math.replaceWith(fence + math.dataset.tex.trim() + fence);
    });
    event.clipboardData.setData("text/plain", copy.textContent);
    event.preventDefault();
  }

  document.addEventListener("copy", copyFormulasAsTeX);

  // TeX in a search snippet, as readable text: \(\partial L / \partial z\) -> ∂L / ∂z.
  const SYMBOLS = {
    partial: "∂", sum: "Σ", prod: "Π", neq: "≠", ne: "≠", leq: "≤", le: "≤", geq: "≥", ge: "≥",
    approx: "≈", cdot: "·", times: "×", to: "→", rightarrow: "→", infty: "∞", in: "∈",
    alpha: "α", beta: "β", gamma: "γ", delta: "δ", Delta: "Δ", epsilon: "ε", varepsilon: "ε",
    eta: "η", theta: "θ", lambda: "λ", mu: "μ", sigma: "σ", Sigma: "Σ", nabla: "∇", top: "ᵀ",
    ln: "ln", log: "log", exp: "exp", max: "max", min: "min", quad: " ", qquad: " ",
    lVert: "‖", rVert: "‖", Vert: "‖", mid: "|", ldots: "…", dots: "…", cdots: "⋯", pm: "±",
    odot: "⊙", otimes: "⊗", propto: "∝", sqrt: "√", mathbb: "", mathbf: "", mathrm: "",
    operatorname: "", text: "", boldsymbol: "", left: "", right: "", big: "", Big: "",
    displaystyle: "", tfrac: "", dfrac: "", frac: "",
  };

  function readableTeX(tex) {
    let text = tex;
    for (let pass = 0; pass < 4; pass += 1) {
      text = text.replace(/\\[dt]?frac\s*\{([^{}]*)\}\s*\{([^{}]*)\}/g, (_, a, b) =>
        `${/^[\w∂.]+$/.test(a) || /^[^+\-−]*$/.test(a) ? a : `(${a})`}/` +
        `${/^[\w∂.]+$/.test(b) || /^[^+\-−]*$/.test(b) ? b : `(${b})`}`);
      text = text.replace(/\\sqrt\s*\{([^{}]*)\}/g, "√($1)");
      text = text.replace(/\\(?:mathrm|mathbf|mathbb|operatorname|text|boldsymbol)\s*\{([^{}]*)\}/g, "$1");
    }
    text = text.replace(/\\([A-Za-z]+)/g, (whole, name) => (name in SYMBOLS ? SYMBOLS[name] : name));
    return text.replace(/\\[,;:! ]/g, " ").replace(/[{}]/g, "").replace(/-(?=\s)/g, "−")
      .replace(/\^T\b/g, "ᵀ").replace(/\s+/g, " ").trim();
  }

  function readableMath(text) {
    return text.replace(/\\\((.*?)\\\)|\\\[(.*?)\\\]|\$\$(.*?)\$\$/gs,
      (_, inline, display, dollars) => readableTeX(inline ?? display ?? dollars));
  }

  // A page's formulas typeset at build time, each replaced by its TeX read as text.
  function withTeXAsText(html) {
    const page = new DOMParser().parseFromString(html, "text/html");
    page.querySelectorAll("mjx-container[data-tex]").forEach((math) => {
      math.replaceWith(readableTeX(math.dataset.tex));
    });
    return page.documentElement.outerHTML;
  }

  function readableSearchSnippets() {
    if (typeof Search === "undefined" || Search.courseReadable) return;
    const htmlToText = Search.htmlToText;
    Search.htmlToText = (html, anchor) => readableMath(htmlToText(withTeXAsText(html), anchor));
    Search.courseReadable = true;
  }

  document.addEventListener("DOMContentLoaded", readableSearchSnippets);

  window.addEventListener("load", () => {
    nameSolutionToggles();
    letTitleLinksOnlyLink();
    checkNearScreen(document.querySelectorAll('mjx-container[display="true"]'), markWideEquations);
    checkNearScreen(document.querySelectorAll(BLOCKS), markScrollableBlocks);
  });
})();
