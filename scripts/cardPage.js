// Runs inside the screenshot page (scripts/cardScreenshots.ts), after the official adaptivecards
// renderer (node_modules/adaptivecards/dist/adaptivecards.js). Renders one card and measures what a
// reader would see: the title, the buttons, anything sticking out sideways, and text contrast.
(() => {
  const escapeHtml = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const inline = (s) =>
    escapeHtml(s)
      .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
      .replace(/\*([^*\s][^*]*)\*/g, '<em>$1</em>')
      .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, '<a href="$2">$1</a>');

  /** The Markdown subset Teams renders in a TextBlock: paragraphs, line breaks, lists, bold, italics, links. */
  const markdown = (text) =>
    text
      .split(/\n{2,}/)
      .map((block) => {
        const lines = block.split('\n');
        if (lines.every((l) => /^\s*[-*] /.test(l)))
          return `<ul>${lines.map((l) => `<li>${inline(l.replace(/^\s*[-*] /, ''))}</li>`).join('')}</ul>`;
        if (lines.every((l) => /^\s*\d+\. /.test(l)))
          return `<ol>${lines.map((l) => `<li>${inline(l.replace(/^\s*\d+\. /, ''))}</li>`).join('')}</ol>`;
        return `<p>${lines.map(inline).join('<br>')}</p>`;
      })
      .join('');

  AdaptiveCards.AdaptiveCard.onProcessMarkdown = (text, result) => {
    result.outputHtml = markdown(text);
    result.didProcess = true;
  };

  const norm = (s) => s.replace(/\s+/g, ' ').trim();

  const parseColour = (css) => {
    const m = /rgba?\(([^)]+)\)/.exec(css);
    if (!m) return [0, 0, 0, 0];
    const parts = m[1]
      .split(/[\s,/]+/)
      .filter(Boolean)
      .map(Number);
    return [parts[0], parts[1], parts[2], parts.length > 3 ? parts[3] : 1];
  };
  const over = (fg, bg) => [0, 1, 2].map((i) => fg[i] * fg[3] + bg[i] * (1 - fg[3]));
  const luminance = (rgb) => {
    const [r, g, b] = rgb.map((v) => {
      const c = v / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const background = (el) => {
    for (let node = el; node; node = node.parentElement) {
      const c = parseColour(getComputedStyle(node).backgroundColor);
      if (c[3] > 0) return c;
    }
    return parseColour(getComputedStyle(document.body).backgroundColor);
  };

  window.renderCardForShot = ({ card, hostConfig, css, width }) => {
    document.getElementById('theme').textContent = css;
    const host = document.getElementById('card');
    host.style.width = `${width}px`;
    host.innerHTML = '';
    const adaptiveCard = new AdaptiveCards.AdaptiveCard();
    adaptiveCard.hostConfig = new AdaptiveCards.HostConfig(hostConfig);
    adaptiveCard.parse(card);
    host.appendChild(adaptiveCard.render());
  };

  window.measureCard = ({ title, actionTitles }) => {
    const host = document.getElementById('card');
    const box = host.getBoundingClientRect();
    const shown = (el) => {
      const r = el.getBoundingClientRect();
      return (
        r.width > 0 &&
        r.height > 0 &&
        el.getClientRects().length > 0 &&
        getComputedStyle(el).visibility !== 'hidden'
      );
    };
    const inside = (r) => r.left >= box.left - 0.5 && r.right <= box.right + 0.5;
    const clipped = (el) => el.scrollWidth > el.clientWidth + 1;
    const describe = (el) =>
      `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} "${norm(el.textContent).slice(0, 40)}"`;

    const titleEl = [...host.querySelectorAll('.ac-textBlock')].find(
      (b) => norm(b.textContent) === norm(title),
    );
    const titleVisible = Boolean(
      titleEl &&
        shown(titleEl) &&
        inside(titleEl.getBoundingClientRect()) &&
        !clipped(titleEl) &&
        ![...titleEl.querySelectorAll('*')].some(clipped),
    );

    const buttons = [...host.querySelectorAll('button')];
    const actions = actionTitles.map((t) => {
      const button = buttons.find((b) => norm(b.textContent) === t || b.getAttribute('aria-label') === t);
      const visible = Boolean(button && shown(button) && inside(button.getBoundingClientRect()));
      const truncated = Boolean(
        button && (clipped(button) || [...button.querySelectorAll('*')].some(clipped)),
      );
      return { title: t, visible, truncated };
    });

    const overflowing = [];
    for (const el of host.querySelectorAll('*')) {
      if (!shown(el)) continue;
      const r = el.getBoundingClientRect();
      if (!inside(r))
        overflowing.push(
          `${describe(el)} sticks out ${Math.round(Math.max(r.right - box.right, box.left - r.left))}px`,
        );
      else if (
        el.classList.contains('ac-textBlock') &&
        (clipped(el) || [...el.querySelectorAll('*')].some(clipped))
      )
        overflowing.push(`${describe(el)} is cut off`);
    }
    if (document.documentElement.scrollWidth > window.innerWidth + 1)
      overflowing.push(`the page scrolls sideways (${document.documentElement.scrollWidth}px)`);

    const lowContrast = [];
    for (const el of host.querySelectorAll('*')) {
      const ownText = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim() !== '');
      if (!ownText || !shown(el)) continue;
      const style = getComputedStyle(el);
      const bg = background(el);
      const fg = over(parseColour(style.color), bg);
      const l1 = luminance(fg);
      const l2 = luminance(bg.slice(0, 3));
      const ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
      const size = Number.parseFloat(style.fontSize);
      const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 600);
      if (ratio < (large ? 3 : 4.5))
        lowContrast.push({ text: norm(el.textContent).slice(0, 40), ratio: Math.round(ratio * 100) / 100 });
    }
    return { titleVisible, actions, overflowing, lowContrast };
  };
})();
