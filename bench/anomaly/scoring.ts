// Window-level scoring of alerts against labelled anomaly windows, and the plain-text tables the benchmark prints.
import type { Incident } from "../../src/domain/anomaly/incidents.js";
import type { LabelledFile } from "./sets.js";

export interface Counts {
  windows: number;
  found: number;
  alerts: number;
  truePositives: number;
  points: number;
}

/**
 * An alert is an incident, timed at its START (the moment the bot would post). A true positive starts inside a
 * labelled window (inclusive), a false positive outside all of them; a window is found when an alert starts in it.
 */
export function evaluate(file: LabelledFile, incidents: Incident[]): Counts {
  const inside = (i: number) => file.windows.some(([a, b]) => i >= a && i <= b);
  const found = file.windows.filter(([a, b]) => incidents.some((inc) => inc.startIndex >= a && inc.startIndex <= b));
  return {
    windows: file.windows.length,
    found: found.length,
    alerts: incidents.length,
    truePositives: incidents.filter((inc) => inside(inc.startIndex)).length,
    points: file.rows,
  };
}

export const zero = (): Counts => ({ windows: 0, found: 0, alerts: 0, truePositives: 0, points: 0 });

export function add(a: Counts, b: Counts): Counts {
  return {
    windows: a.windows + b.windows,
    found: a.found + b.found,
    alerts: a.alerts + b.alerts,
    truePositives: a.truePositives + b.truePositives,
    points: a.points + b.points,
  };
}

const ratio = (a: number, b: number) => (b === 0 ? Number.NaN : a / b);
export const fixed = (n: number, digits = 2) => (Number.isFinite(n) ? n.toFixed(digits) : "-");

export interface Quality {
  precision: number;
  recall: number;
  f1: number;
  perThousand: number;
}

/** Ratios from summed counts (never averaged over files). */
export function quality(c: Counts): Quality {
  const precision = ratio(c.truePositives, c.alerts);
  const recall = ratio(c.found, c.windows);
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1, perThousand: (1000 * c.alerts) / c.points };
}

export const HEADER = ["file", "found", "alerts", "TP", "FP", "prec", "recall", "F1", "alerts/1k"];

export function row(label: string, c: Counts): string[] {
  const q = quality(c);
  return [
    label,
    `${c.found}/${c.windows}`,
    String(c.alerts),
    String(c.truePositives),
    String(c.alerts - c.truePositives),
    fixed(q.precision),
    fixed(q.recall),
    fixed(q.f1),
    fixed(q.perThousand, 1),
  ];
}
