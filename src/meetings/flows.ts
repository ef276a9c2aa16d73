import type { SourceRef } from '../knowledge/contentFile';

/** One step of a facilitation flow: what the chair asks, a hint for the chair, an optional box. */
export interface FlowStep {
  id: string;
  /** The question the whole meeting sees. */
  prompt: string;
  /** For the chair: how to run this step. */
  hint: string;
  /** A text box for the meeting's answer, kept with the flow (no names). */
  input?: { label: string; placeholder: string };
}

/** A facilitation flow, from knowledge/flows/<id>.yaml. */
export interface Flow {
  id: string;
  title: string;
  /** One line: what the flow is for, shown when `facilitate` offers the flows. */
  summary: string;
  steps: FlowStep[];
  source: SourceRef;
}
