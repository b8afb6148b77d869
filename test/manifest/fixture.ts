/** A small valid manifest; line numbers are referenced by the tests. */
export const VALID_FIG4 = `# yaml-language-server: $schema=../schema/manifest.schema.json
id: fig4
title: "Figure 4: CPU usage, persistent connections"
paper_ref: Figure 4, Section 3.1.2
sweep:
  workload: persistent
  mechanisms:
    - select
    - devpoll
    - rtsig
  x: connections
  values: [250, 500, 1000, 3000]
  params:
    duration_s: 10
  panels:
    - id: r500
      title: 500 req/s
      params: { rate: 500 }
    - id: r1000
      title: 1000 req/s
      params: { rate: 1000 }
  seeds: [1, 2]
runners:
  sim:
    profile: piii-400-linux-2.4
chart:
  title: Server CPU usage
  y: cpu_pct
  x_title: persistent connections
  y_title: CPU (%)
claims:
  - id: rtsig-cpu-flat
    source:
      ref: Figure 4, Section 3.1.2
      quote: "RT signals ... CPU usage remains flat"
    role: validation
    metric: cpu_pct
    kind: flat
    series: [rtsig]
    panels: [r500, r1000]
    max_spread: 2
`;

/** Replaces exactly one occurrence, so a fixture edit cannot silently miss. */
export function edit(text: string, from: string, to: string): string {
  const at = text.indexOf(from);
  if (at < 0 || text.indexOf(from, at + 1) >= 0)
    throw new Error(`fixture edit: ${from} not unique`);
  return text.slice(0, at) + to + text.slice(at + from.length);
}
