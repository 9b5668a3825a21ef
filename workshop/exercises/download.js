// A button that asks the kernel for a file only when pressed, then hands it to the browser as a
// download. Nothing is sent to the page until the participant asks for it.
export default {
  render({ model, el }) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "closer-download";
    const show = () => {
      button.textContent = model.get("label");
      button.disabled = model.get("disabled") || model.get("busy");
    };
    show();
    button.addEventListener("click", () => {
      model.send({ ask: "file" });
    });
    model.on("change:label", show);
    model.on("change:disabled", show);
    model.on("change:busy", show);
    model.on("msg:custom", (msg, buffers) => {
      if (msg.kind !== "file" || !buffers || !buffers.length) return;
      const blob = new Blob([buffers[0]], { type: msg.mime });
      const url = URL.createObjectURL(blob);
      const link = document.createElement("a");
      link.href = url;
      link.download = msg.filename;
      link.style.display = "none";
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60000);
    });
    if (model.get("lang")) el.lang = model.get("lang");
    el.classList.add("closer-download-widget");
    el.append(button);
  },
};
