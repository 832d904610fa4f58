// Chronicle's only script: on a document page, hovering a marked name
// outlines every mention of the same entity. Pages work without it.
(function () {
  "use strict";
  var text = document.querySelector(".doctext");
  if (!text) { return; }
  function mark(group, on) {
    var nodes = text.querySelectorAll("[data-group]");
    for (var i = 0; i < nodes.length; i++) {
      if (nodes[i].getAttribute("data-group") === group) {
        nodes[i].classList.toggle("hover", on);
      }
    }
  }
  text.addEventListener("mouseover", function (event) {
    var node = event.target.closest("[data-group]");
    if (node) { mark(node.getAttribute("data-group"), true); }
  });
  text.addEventListener("mouseout", function (event) {
    var node = event.target.closest("[data-group]");
    if (node) { mark(node.getAttribute("data-group"), false); }
  });
}());
