/** The report page's stylesheet: plain, readable, printable. */
export const PAGE_STYLE = `
:root{--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--bg-soft:#f6f8fa;--pass:#1b5e20;--pass-bg:#d4edda;--fail:#b71c1c;--fail-bg:#f8d0d0;--dev:#7a4f00;--dev-bg:#ffe5a8}
*{box-sizing:border-box}
body{font-family:"DejaVu Sans",system-ui,sans-serif;color:var(--fg);margin:0;line-height:1.45;font-size:14px}
header.top{position:sticky;top:0;z-index:10;background:#fff;border-bottom:1px solid var(--line);padding:.6em 2em;display:flex;flex-wrap:wrap;gap:.5em 2em;align-items:center}
header.top h1{font-size:1.15em;margin:0}
header.top label{cursor:pointer;user-select:none}
main{max-width:1500px;margin:0 auto;padding:1em 1.5em 4em}
section{scroll-margin-top:3.5em}
h2{border-bottom:1px solid var(--line);padding-bottom:.2em;margin-top:2.2em}
h3{margin:1.4em 0 .4em}
h4{margin:1em 0 .3em}
a{color:#0969da}
code{font-family:"DejaVu Sans Mono",monospace;font-size:.92em}
nav.toc ol{columns:2;margin:.3em 0}
.muted,.note{color:var(--muted)}
.note{font-size:12px}
.lede{color:var(--muted);margin:.2em 0 1em}
.panels{display:flex;flex-direction:column;gap:1em}
.panel-row{display:flex;flex-wrap:wrap;gap:1em;align-items:flex-start}
figure{margin:0}
figure.panel{border:1px solid var(--line);border-radius:6px;padding:.4em;background:#fff}
figure.panel figcaption{font-size:12px;color:var(--muted);margin:0 0 .2em .3em}
.chart{min-width:420px;min-height:320px}
.runner-badge{display:inline-block;font-size:11px;border-radius:3px;padding:0 .4em;background:var(--bg-soft);border:1px solid var(--line);color:var(--fg)}
main table{border-collapse:collapse;font-size:13px;margin:.6em 0}
main td,main th{border:1px solid var(--line);padding:4px 7px;vertical-align:top;text-align:left}
main thead th{background:var(--bg-soft)}
main td.num,main th.num{text-align:right;white-space:nowrap}
table.claims td:nth-child(3){max-width:30em}
.detail{color:var(--fail);font-size:12px;margin-top:.2em}
q{color:var(--muted)}
.verdict{font-weight:bold;border-radius:3px;padding:0 .3em;white-space:nowrap}
.verdict.pass{color:var(--pass);background:var(--pass-bg)}
.verdict.fail{color:var(--fail);background:var(--fail-bg)}
.verdict.dev{color:var(--dev);background:var(--dev-bg)}
.verdict.nodata{color:#4a1d8f;background:#e0d4f5}
.role{font-size:12px}.role.calibration{color:#6f42c1}.role.validation{color:#0a3069}.role.constrained{color:#57606a}.role.ablation{color:#953800}.role.outside{color:#1a7f37}
.rates{display:flex;flex-wrap:wrap;gap:1em;margin:.6em 0}
.rate{border:1px solid var(--line);border-radius:6px;padding:.5em .9em;min-width:15em;background:var(--bg-soft)}
.rate-title{text-transform:uppercase;font-size:11px;letter-spacing:.06em;color:var(--muted)}
.rate-value{font-size:1.6em;font-weight:bold}
.rate-count,.rate-what{font-size:12px;color:var(--muted)}
.rate.validation .rate-value{color:#0a3069}.rate.calibration .rate-value{color:#6f42c1}.rate.constrained .rate-value{color:#57606a}.rate.ablation .rate-value{color:#953800}.rate.outside .rate-value{color:#1a7f37}
.deviations{background:#fffaf0;border:1px solid #f0d9a8;border-radius:6px;padding:.2em 1em;margin:.6em 0}
.deviations li{margin:.3em 0}
details.provenance{margin:.6em 0;font-size:13px}
details.provenance summary{cursor:pointer;color:var(--muted)}
table.fields td:first-child{white-space:nowrap}
.table1 .paper{color:var(--muted)}.table1 .interval{color:var(--muted);font-size:12px}
p.summary.failed{color:var(--fail);font-weight:bold}p.summary.ok{color:var(--pass)}
footer{color:var(--muted);font-size:12px;border-top:1px solid var(--line);margin-top:3em;padding-top:.6em}
#vg-tooltip-element{font-family:"DejaVu Sans",sans-serif;font-size:12px;max-width:36em}
@media print{header.top{position:static}details.provenance{display:none}}
`;
