/**
 * Okabe-Ito colours (Okabe & Ito, "Color Universal Design", 2008): distinguishable with
 * every common colour-vision deficiency. Meanings never rest on colour alone: marks also
 * differ in shape, pattern or label.
 */

export const OKABE_ITO = {
  black: '#000000',
  orange: '#E69F00',
  skyBlue: '#56B4E9',
  bluishGreen: '#009E73',
  yellow: '#F0E442',
  blue: '#0072B2',
  vermillion: '#D55E00',
  reddishPurple: '#CC79A7',
} as const;

/** Series colours in order (black last: it is used for reference marks). */
export const SERIES_COLOURS: readonly string[] = [
  OKABE_ITO.blue,
  OKABE_ITO.orange,
  OKABE_ITO.bluishGreen,
  OKABE_ITO.reddishPurple,
  OKABE_ITO.skyBlue,
  OKABE_ITO.vermillion,
  OKABE_ITO.yellow,
  OKABE_ITO.black,
];

/** Dash patterns that tell series apart once colours repeat (9th series on). */
export const SERIES_DASHES: readonly string[] = ['', '6 3', '2 3', '8 3 2 3'];

/** Colour and dash pattern of series i. */
export function seriesStyle(i: number): { readonly colour: string; readonly dash: string } {
  const n = SERIES_COLOURS.length;
  return { colour: SERIES_COLOURS[i % n]!, dash: SERIES_DASHES[Math.floor(i / n) % SERIES_DASHES.length]! };
}

/** Meaning-bearing colours used across the report. */
export const TONE = {
  met: OKABE_ITO.bluishGreen,
  unmet: OKABE_ITO.vermillion,
  neutral: OKABE_ITO.blue,
  structure: OKABE_ITO.blue,
  protocol: OKABE_ITO.orange,
  analytic: OKABE_ITO.black,
  slo: OKABE_ITO.reddishPurple,
  grid: '#e3e3e3',
  axis: '#555555',
  muted: '#767676',
} as const;
