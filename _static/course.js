/* The course site's own behaviour (Jupyter Book adds every script in _static/ to every page).
   - Each solution toggle is named after the exercise it opens, not "Toggle hidden content".
   - The "Exercise N.M" link in a solution's title only follows the link: sphinx-togglebutton
     toggles on any click in the title, and for a click on the link it finds no button (a
     ReferenceError, then the last solution used opens instead of this one).
   - A display equation wider than its column becomes a named Tab stop that scrolls sideways,
     with a visible hint; re-checked when the window is resized. */
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

  function markWideEquations() {
    document.querySelectorAll('mjx-container[display="true"]').forEach((container) => {
      const block = container.closest("div.math") ?? container;
      const hint = block.nextElementSibling?.classList.contains("course-scroll-hint")
        ? block.nextElementSibling : null;
      const wide = container.scrollWidth > container.clientWidth + 1;
      if (wide) {
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

  window.addEventListener("load", () => {
    nameSolutionToggles();
    letTitleLinksOnlyLink();
    const typeset = window.MathJax?.startup?.promise ?? Promise.resolve();
    typeset.then(() => {
      markWideEquations();
      let pending = null;
      window.addEventListener("resize", () => {
        cancelAnimationFrame(pending);
        pending = requestAnimationFrame(markWideEquations);
      });
    });
  });
})();
