// A group of native radio buttons in a fieldset named by its legend: a screen reader hears the
// statement and "1 of 5"; arrow keys move between the answers, Tab moves to the next group.
export default {
  render({ model, el }) {
    const name = "closer-choice-" + Math.random().toString(36).slice(2);
    const group = document.createElement("fieldset");
    const legend = document.createElement("legend");
    group.append(legend);
    const row = document.createElement("div");
    row.className = "closer-choice-row";
    group.append(row);
    let inputs = [];

    const draw = () => {
      group.className = "closer-choices " + model.get("css_class");
      legend.innerHTML = model.get("legend_html");
      row.replaceChildren();
      inputs = model.get("options").map((text, i) => {
        const label = document.createElement("label");
        label.className = "closer-choice";
        const input = document.createElement("input");
        input.type = "radio";
        input.name = name;
        input.value = String(i);
        input.addEventListener("change", () => {
          if (input.checked) {
            model.set("index", i);
            model.save_changes();
          }
        });
        const span = document.createElement("span");
        span.textContent = text;
        label.append(input, span);
        row.append(label);
        return input;
      });
      show();
    };
    const show = () => {
      const index = model.get("index");
      inputs.forEach((input, i) => {
        input.checked = i === index;
        input.disabled = model.get("disabled");
      });
    };
    model.on("change:index", show);
    model.on("change:disabled", show);
    model.on("change:options", draw);
    model.on("change:legend_html", draw);
    draw();
    if (model.get("lang")) el.lang = model.get("lang");
    el.classList.add("closer-choices-widget");
    el.append(group);
  },
};
