// The page of `ess serve`: asks /api/ask, shows the answer with its sources.
// Answer text is only ever written with textContent: nothing the server returns becomes HTML.
"use strict";

(function () {
  const form = document.getElementById("ask");
  const question = document.getElementById("question");
  const questionError = document.getElementById("question-error");
  const send = document.getElementById("send");
  const reset = document.getElementById("reset");
  const status = document.getElementById("status");
  const conversationBox = document.getElementById("conversation");
  const template = document.getElementById("turn-template");
  const profileFields = {
    type: document.getElementById("p-type"),
    population: document.getElementById("p-population"),
    achats: document.getElementById("p-achats"),
    commune: document.getElementById("p-commune"),
    date: document.getElementById("p-date"),
  };

  let conversation = null;
  let busy = false;

  function say(text) {
    status.textContent = text;
  }

  function showError(text) {
    questionError.textContent = text;
    questionError.hidden = !text;
    question.setAttribute("aria-invalid", text ? "true" : "false");
  }

  function profile() {
    const p = {};
    if (profileFields.type.value) p.type = profileFields.type.value;
    const population = profileFields.population.value.replace(/\s/g, "");
    if (population) p.population = population;
    // Sent as typed (« 70 M€ »): the server reads the units and names a bad amount.
    const achats = profileFields.achats.value.trim();
    if (achats) p.achats = achats;
    const commune = profileFields.commune.value.trim();
    if (commune) p.commune = commune;
    return Object.keys(p).length ? p : null;
  }

  // A block of the answer's text: a heading (« Leviers d'action : ») with its bullets, or
  // paragraphs.
  function renderText(container, text) {
    for (const block of text.split(/\n\s*\n/)) {
      const lines = block.split("\n").filter((l) => l.trim() !== "");
      if (!lines.length) continue;
      let list = null;
      lines.forEach((line, i) => {
        if (line.startsWith("• ")) {
          if (!list) {
            list = document.createElement("ul");
            container.appendChild(list);
          }
          const li = document.createElement("li");
          li.textContent = line.slice(2);
          list.appendChild(li);
        } else if (i === 0 && lines.length > 1 && /\s:$/.test(line)) {
          const h = document.createElement("h3");
          h.textContent = line.replace(/\s:$/, "");
          container.appendChild(h);
        } else {
          list = null;
          const p = document.createElement("p");
          p.textContent = line;
          container.appendChild(p);
        }
      });
    }
  }

  function link(url, text) {
    const a = document.createElement("a");
    // Only web addresses become links.
    a.href = /^https?:\/\//.test(url) ? url : "#";
    a.textContent = text;
    a.rel = "noopener noreferrer";
    a.target = "_blank";
    const hint = document.createElement("span");
    hint.className = "visually-hidden";
    hint.textContent = " (nouvelle fenêtre)";
    a.appendChild(hint);
    return a;
  }

  function render(asked, answer) {
    const turn = template.content.firstElementChild.cloneNode(true);
    turn.querySelector(".asked-text").textContent = asked;
    renderText(turn.querySelector(".answer-body"), answer.text || "");

    if (answer.follow_up) {
      const box = turn.querySelector(".follow-up");
      box.querySelector(".follow-up-text").textContent = answer.follow_up;
      box.hidden = false;
    }

    const links = new Map();
    for (const l of answer.links || []) links.set(l.id, l);

    const items = answer.items || [];
    if (items.length) {
      const list = turn.querySelector(".source-list");
      for (const item of items) {
        const li = document.createElement("li");
        li.className = "citation";
        const title = document.createElement("span");
        title.className = "citation-title";
        title.textContent = item.title;
        li.appendChild(title);
        const where = document.createElement("span");
        where.className = "citation-source";
        where.textContent = " — " + item.citation;
        li.appendChild(where);
        const official = links.get(item.id);
        if (official) {
          li.appendChild(document.createTextNode(" — "));
          li.appendChild(link(official.url, "texte officiel"));
        }
        list.appendChild(li);
      }
      turn.querySelector(".sources").hidden = false;
    }

    if (links.size) {
      const list = turn.querySelector(".official-list");
      for (const l of links.values()) {
        const li = document.createElement("li");
        li.appendChild(link(l.url, l.title));
        list.appendChild(li);
      }
      turn.querySelector(".official").hidden = false;
    }

    turn.querySelector(".copy").addEventListener("click", () => copy(answer.text || ""));
    conversationBox.appendChild(turn);
    const heading = turn.querySelector(".answer-title");
    heading.focus();
  }

  async function copy(text) {
    try {
      await navigator.clipboard.writeText(text);
      say("Réponse copiée dans le presse-papiers.");
    } catch (e) {
      // Without the clipboard API: a hidden text area, selected and copied.
      const area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.className = "visually-hidden";
      document.body.appendChild(area);
      area.select();
      let ok = false;
      try {
        ok = document.execCommand("copy");
      } catch (ignored) {
        ok = false;
      }
      area.remove();
      say(ok ? "Réponse copiée dans le presse-papiers." : "La copie n'a pas pu se faire : sélectionnez le texte de la réponse.");
    }
  }

  async function ask(event) {
    event.preventDefault();
    if (busy) return;
    const q = question.value.trim();
    if (!q) {
      showError("Écrivez une question avant de l'envoyer.");
      question.focus();
      return;
    }
    showError("");
    const body = { q: q };
    if (conversation) body.conversation = conversation;
    const p = profile();
    if (p) body.profile = p;
    if (profileFields.date.value) body.date = profileFields.date.value;

    busy = true;
    send.disabled = true;
    form.setAttribute("aria-busy", "true");
    say("Recherche de la réponse…");
    try {
      const response = await fetch("/api/ask", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(body),
      });
      let data = null;
      try {
        data = await response.json();
      } catch (e) {
        data = null;
      }
      if (!response.ok || !data || data.error) {
        const message = data && data.error ? data.error : "le serveur n'a pas répondu correctement";
        showError("Impossible de répondre : " + message + ".");
        say("");
        question.focus();
        return;
      }
      conversation = data.conversation;
      render(q, data);
      question.value = "";
      say("Réponse reçue. Vous pouvez poser une autre question dans la même conversation.");
    } catch (e) {
      showError("Le serveur est injoignable : vérifiez que « ess serve » tourne toujours.");
      say("");
    } finally {
      busy = false;
      send.disabled = false;
      form.removeAttribute("aria-busy");
    }
  }

  form.addEventListener("submit", ask);
  question.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      form.requestSubmit();
      event.preventDefault();
    }
  });
  reset.addEventListener("click", () => {
    conversation = null;
    conversationBox.replaceChildren();
    showError("");
    question.value = "";
    say("Nouvelle conversation : le contexte des questions précédentes est oublié.");
    question.focus();
  });
})();
