/**
 * Host configs and page styles close to how Microsoft Teams draws Adaptive Cards in its light, dark
 * and high-contrast themes, for the card screenshots. The colours are our approximation of Teams'
 * (it does not publish its host config); what matters is that a card that reads well here has no
 * cut-off text, sideways overflow or weak contrast in any theme.
 */
export const THEMES = ['light', 'dark', 'high-contrast'] as const;
export type Theme = (typeof THEMES)[number];

interface Palette {
  page: string;
  card: string;
  emphasis: string;
  text: string;
  subtle: string;
  accent: string;
  good: string;
  warning: string;
  attention: string;
  buttonText: string;
  buttonBorder: string;
  inputBorder: string;
  cardBorder: string;
}

const PALETTES: Record<Theme, Palette> = {
  light: {
    page: '#F5F5F5',
    card: '#FFFFFF',
    emphasis: '#F5F5F5',
    text: '#242424',
    subtle: '#5C5C5C',
    accent: '#4F52B2',
    good: '#0E700E',
    warning: '#835B00',
    attention: '#B10E1C',
    buttonText: '#242424',
    buttonBorder: '#D1D1D1',
    inputBorder: '#8A8A8A',
    cardBorder: '#E0E0E0',
  },
  dark: {
    page: '#1F1F1F',
    card: '#292929',
    emphasis: '#333333',
    text: '#FFFFFF',
    subtle: '#C7C7C7',
    accent: '#A3A8FF',
    good: '#7FD67F',
    warning: '#F2C661',
    attention: '#FF9A9A',
    buttonText: '#FFFFFF',
    buttonBorder: '#666666',
    inputBorder: '#8A8A8A',
    cardBorder: '#3D3D3D',
  },
  'high-contrast': {
    page: '#000000',
    card: '#000000',
    emphasis: '#000000',
    text: '#FFFFFF',
    subtle: '#FFFFFF',
    accent: '#FFFF00',
    good: '#3FF23F',
    warning: '#FFFF00',
    attention: '#FF8C8C',
    buttonText: '#FFFFFF',
    buttonBorder: '#FFFFFF',
    inputBorder: '#FFFFFF',
    cardBorder: '#FFFFFF',
  },
};

const FONT = "'Segoe UI', 'Liberation Sans', 'DejaVu Sans', sans-serif";

function foreground(p: Palette): Record<string, { default: string; subtle: string }> {
  const pair = (c: string, subtle = c) => ({ default: c, subtle });
  return {
    default: pair(p.text, p.subtle),
    dark: pair(p.text, p.subtle),
    light: pair(p.text, p.subtle),
    accent: pair(p.accent),
    good: pair(p.good),
    warning: pair(p.warning),
    attention: pair(p.attention),
  };
}

/** The host config the adaptivecards renderer is given for a theme. */
export function hostConfigFor(theme: Theme): Record<string, unknown> {
  const p = PALETTES[theme];
  const style = (backgroundColor: string) => ({ backgroundColor, foregroundColors: foreground(p) });
  return {
    fontFamily: FONT,
    supportsInteractivity: true,
    spacing: { small: 8, default: 12, medium: 16, large: 20, extraLarge: 24, padding: 16 },
    separator: { lineThickness: 1, lineColor: p.cardBorder },
    fontSizes: { small: 12, default: 14, medium: 16, large: 18, extraLarge: 24 },
    fontWeights: { lighter: 300, default: 400, bolder: 600 },
    containerStyles: {
      default: style(p.card),
      emphasis: style(p.emphasis),
      accent: style(p.emphasis),
      good: style(p.emphasis),
      attention: style(p.emphasis),
      warning: style(p.emphasis),
    },
    actions: {
      maxActions: 6,
      spacing: 'default',
      buttonSpacing: 8,
      showCard: { actionMode: 'inline', inlineTopMargin: 16 },
      actionsOrientation: 'horizontal',
      actionAlignment: 'left',
    },
    adaptiveCard: { allowCustomStyle: false },
    inputs: {
      label: { requiredInputs: { weight: 'bolder', suffix: ' *' }, optionalInputs: { weight: 'bolder' } },
      errorMessage: { size: 'small', color: 'attention' },
    },
    textBlock: { headingLevel: 2 },
  };
}

/** Page CSS for a theme: the chat background, the card frame, buttons and inputs like Teams'. */
export function pageCssFor(theme: Theme): string {
  const p = PALETTES[theme];
  return `
    html, body { margin: 0; padding: 0; background: ${p.page}; font-family: ${FONT}; }
    #frame { padding: 12px; display: inline-block; background: ${p.page}; }
    #card { border: 1px solid ${p.cardBorder}; border-radius: 6px; overflow: hidden; background: ${p.card}; }
    #card .ac-pushButton, #card .ac-pushButton:hover {
      font-family: ${FONT}; font-size: 14px; font-weight: 600; min-height: 32px; padding: 4px 12px;
      border-radius: 4px; border: 1px solid ${p.buttonBorder}; background: ${p.card}; color: ${p.buttonText};
      white-space: nowrap; overflow: hidden; text-overflow: ellipsis;
    }
    #card .ac-input, #card .ac-input.ac-textInput {
      font-family: ${FONT}; font-size: 14px; color: ${p.text}; background: ${p.card};
      border: 1px solid ${p.inputBorder}; border-radius: 4px; padding: 6px 8px; box-sizing: border-box;
    }
    #card .ac-input::placeholder { color: ${p.subtle}; opacity: 1; }
    #card .ac-textBlock p { margin: 0 0 8px 0; }
    #card .ac-textBlock p:last-child { margin-bottom: 0; }
    #card .ac-textBlock ul, #card .ac-textBlock ol { margin: 4px 0 8px 0; padding-left: 20px; }
    #card .ac-textBlock strong { font-weight: 600; }
    /* The renderer marks a ShowCard button with a glyph of an icon font this browser lacks: a box. */
    #card .ac-pushButton.expandable::after { content: "\\25BE"; font-family: ${FONT}; margin-left: 6px; }
    #card .ac-pushButton.expandable.expanded::after { content: "\\25B4"; }
  `;
}
