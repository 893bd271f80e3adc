/* Flip-books: an explorer's controls swap between frames its Python rendered at build time
   (softmax_course.explorers, the MIME renderer softmax_flipbook). Each control is a range input
   (a slider) or a
   group of radio buttons (a choice); frame i of a flip-book with controls c_1 ... c_n is the
   row-major index of their positions. The frame's text is the picture's alt text and its HTML
   the readout (plain words, Unicode maths, <sub>/<sup>, written by the explorer's own Python).
   Only the shown frame and its neighbours along each control are fetched, once the flip-book is
   near the viewport and after every move. */
(() => {
  "use strict";

  function flipbook(book) {
    const data = JSON.parse(book.querySelector("script.flipbook-frames").textContent);
    const controls = [...book.querySelectorAll(".flipbook-control")];
    const picture = book.querySelector("img.flipbook-frame");
    const readout = book.querySelector(".flipbook-readout");
    const fetched = new Map();

    function positionOf(control) {
      const range = control.querySelector("input[type=range]");
      if (range) return Number(range.value);
      const checked = control.querySelector("input[type=radio]:checked");
      return checked ? Number(checked.value) : 0;
    }

    const position = () => controls.map(positionOf);
    const frameAt = (at) => at.reduce((index, value, axis) => index * data.sizes[axis] + value, 0);

    function fetchFrame(at) {
      const index = frameAt(at);
      if (fetched.has(index)) return;
      const image = new Image();
      image.src = data.frames[index].src;
      image.decode().catch(() => {});
      fetched.set(index, image);
    }

    function fetchNeighbours() {
      const at = position();
      at.forEach((value, axis) => [value - 1, value + 1].forEach((next) => {
        if (next >= 0 && next < data.sizes[axis]) {
          fetchFrame(at.map((other, a) => (a === axis ? next : other)));
        }
      }));
    }

    function show() {
      const at = position();
      const frame = data.frames[frameAt(at)];
      picture.src = frame.src;
      picture.alt = frame.text;
      readout.innerHTML = frame.html;
      controls.forEach((control, axis) => {
        const range = control.querySelector("input[type=range]");
        if (!range) return;
        const text = data.labels[axis][at[axis]];
        range.setAttribute("aria-valuetext", text);
        control.querySelector(".flipbook-value").textContent = text;
      });
      fetchNeighbours();
    }

    fetched.set(frameAt(position()), picture);
    book.querySelectorAll(".flipbook-control input").forEach(
      (input) => input.addEventListener("input", show));
    new IntersectionObserver((entries, observer) => {
      if (entries.some((entry) => entry.isIntersecting)) {
        observer.disconnect();
        fetchNeighbours();
      }
    }, {rootMargin: "200px"}).observe(book);
    book.querySelector(".flipbook-controls").hidden = false;
  }

  function start() {
    document.querySelectorAll(".flipbook").forEach(flipbook);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
