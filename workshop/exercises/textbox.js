// A text box that syncs what is typed at most every `interval_ms` (and at once when it loses
// focus or the page is hidden), instead of on every key: typing costs the same whatever the
// participant has written. The kernel saves each value it receives.
export default {
  render({ model, el }) {
    const id = "closer-text-" + Math.random().toString(36).slice(2);
    const label = document.createElement("label");
    label.htmlFor = id;
    label.className = "closer-text-label";
    const box = document.createElement("textarea");
    box.id = id;
    box.className = model.get("css_class");
    box.rows = model.get("rows");
    box.placeholder = model.get("placeholder");
    box.value = model.get("value");
    box.disabled = model.get("disabled");
    box.maxLength = model.get("max_length");
    const showLabel = () => {
      label.innerHTML = model.get("label_html");
    };
    showLabel();

    let timer = null;
    let last = 0;
    let sending = false;
    const send = () => {
      clearTimeout(timer);
      timer = null;
      last = Date.now();
      if (box.value === model.get("value")) return;
      sending = true;
      model.set("value", box.value);
      model.save_changes();
      sending = false;
    };
    box.addEventListener("input", () => {
      if (timer !== null) return;
      const wait = Math.max(0, model.get("interval_ms") - (Date.now() - last));
      timer = setTimeout(send, wait);
    });
    box.addEventListener("blur", send);
    const onHide = () => send();
    window.addEventListener("pagehide", onHide);
    document.addEventListener("visibilitychange", onHide);

    model.on("change:value", () => {
      if (!sending && box.value !== model.get("value")) box.value = model.get("value");
    });
    model.on("change:disabled", () => { box.disabled = model.get("disabled"); });
    model.on("change:label_html", showLabel);
    if (model.get("lang")) el.lang = model.get("lang");
    el.classList.add("closer-textbox");
    el.append(label, box);
    return () => {
      send();
      window.removeEventListener("pagehide", onHide);
      document.removeEventListener("visibilitychange", onHide);
    };
  },
};
