/* Flip-books: an explorer's range inputs swap between frames its Python rendered at build time
   (softmax_course.explorers, _ext/flipbook.py). Frame i of a flip-book with sliders s_1 ... s_n is
   the row-major index of their positions; the frame's text is both its alt text and the readout.
   Only the shown frame and its neighbours along each slider are fetched, once the flip-book is
   near the viewport and after every move. */
(() => {
  "use strict";

  function flipbook(book) {
    const data = JSON.parse(book.querySelector("script.flipbook-frames").textContent);
    const inputs = [...book.querySelectorAll(".flipbook-control input")];
    const values = [...book.querySelectorAll(".flipbook-value")];
    const picture = book.querySelector("img.flipbook-frame");
    const readout = book.querySelector(".flipbook-readout");
    const fetched = new Map();

    const position = () => inputs.map((input) => Number(input.value));
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
      const frame = data.frames[frameAt(position())];
      picture.src = frame.src;
      picture.alt = frame.text;
      readout.textContent = frame.text;
      inputs.forEach((input, axis) => {
        const text = data.labels[axis][Number(input.value)];
        input.setAttribute("aria-valuetext", text);
        values[axis].textContent = text;
      });
      fetchNeighbours();
    }

    fetched.set(frameAt(position()), picture);
    inputs.forEach((input) => input.addEventListener("input", show));
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
