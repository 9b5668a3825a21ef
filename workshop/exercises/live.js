// A polite live region: the element stays, its content changes, so screen readers announce it.
export default {
  render({ model, el }) {
    const region = document.createElement("div");
    region.setAttribute("role", "status");
    region.setAttribute("aria-live", "polite");
    const show = () => {
      region.className = model.get("css_class");
      if (model.get("lang")) region.lang = model.get("lang");
      region.innerHTML = model.get("value");
    };
    model.on("change:value", show);
    model.on("change:lang", show);
    show();
    el.append(region);
  },
};
