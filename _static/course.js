/* The course site's own behaviour (Jupyter Book adds every script in _static/ to every page).
   - Each solution toggle is named after the exercise it opens, not "Toggle hidden content".
   - The "Exercise N.M" link in a solution's title only follows the link: sphinx-togglebutton
     toggles on any click in the title, and for a click on the link it finds no button (a
     ReferenceError, then the last solution used opens instead of this one).
   - A display equation wider than its column becomes a named Tab stop that scrolls sideways,
     with a visible hint; checked when the equation nears the screen (course.css lays out a
     section only then) and on a resize.
   - A copied selection carries each formula as its TeX between $ (or $$ for a display), kept in
     data-tex when the formula was typeset at build time (_ext/server_math.py). */
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

  function markWideEquations(containers) {
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

  // Equations are checked as they come near the screen, and those near it again on a resize.
  function watchWideEquations() {
    const near = new Set();
    const observer = new IntersectionObserver((entries) => {
      entries.forEach((entry) => (entry.isIntersecting ? near.add(entry.target) : near.delete(entry.target)));
      markWideEquations(entries.filter((entry) => entry.isIntersecting).map((entry) => entry.target));
    }, {rootMargin: "200px"});
    document.querySelectorAll('mjx-container[display="true"]').forEach((math) => observer.observe(math));
    let pending = null;
    window.addEventListener("resize", () => {
      cancelAnimationFrame(pending);
      pending = requestAnimationFrame(() => markWideEquations([...near]));
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
  window.addEventListener("load", () => {
    nameSolutionToggles();
    letTitleLinksOnlyLink();
    watchWideEquations();
  });
})();
