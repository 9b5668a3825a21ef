// A polite live region: the element stays, its content changes, so screen readers announce it.
export default {
  render({ model, el }) {
    const region = document.createElement("div");
    region.setAttribute("role", "status");
    region.setAttribute("aria-live", "polite");
    const show = () => {
      region.className = model.get("css_class");
      region.innerHTML = model.get("value");
    };
    model.on("change:value", show);
    show();
    el.append(region);
  },
};
