// Uses the notebook UI that `./modelkit lab` serves the way a person does, in Debian's chromium:
// open notebook 03 from the file list, Cell > Run All, wait for idle; then a new notebook on the
// ModelKit kernel with two typed magics. It only observes, into report.json, and takes
// screenshots; BrowserIT makes the assertions, so each failure names what a person would see.
//
// Env: MODELKIT_URL (http://127.0.0.1:PORT), MODELKIT_TOKEN, MODELKIT_CHROMIUM, MODELKIT_OUT (dir).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import puppeteer from 'puppeteer-core';

const base = process.env.MODELKIT_URL;
const token = process.env.MODELKIT_TOKEN;
const out = process.env.MODELKIT_OUT;
const RUN_ALL_MS = 20 * 60 * 1000;   // notebook 03 takes 1-3 min on a loaded 2-core box
const STEP_MS = 120 * 1000;
fs.mkdirSync(out, { recursive: true });
const report = { steps: [] };
const step = (s) => { report.steps.push(s); console.log(`browser: ${s}`); };
const save = () => fs.writeFileSync(path.join(out, 'report.json'), JSON.stringify(report, null, 2));

const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'modelkit-chromium-'));
const browser = await puppeteer.launch({
  executablePath: process.env.MODELKIT_CHROMIUM,
  headless: false,   // the flags below choose the headless mode, exactly as given
  args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync', `--user-data-dir=${profile}`],
  defaultViewport: { width: 1280, height: 900 },
});

/** The page of the tab that `click` opens (the notebook list opens notebooks in new tabs). */
async function tabOpenedBy(click, urlPart) {
  const opened = browser.waitForTarget((t) => t.type() === 'page' && t.url().includes(urlPart), { timeout: STEP_MS });
  await click();
  const page = await (await opened).page();
  await page.setViewport({ width: 1280, height: 900 });
  return page;
}

async function kernelIdle(page, timeout) {
  await page.waitForFunction(() => window.Jupyter && Jupyter.notebook && Jupyter.notebook.kernel
      && Jupyter.notebook.kernel.is_connected()
      && document.querySelector('#kernel_indicator_icon.kernel_idle_icon'), { timeout, polling: 500 });
}

/** Every code cell as a person sees it: prompt, source, and its outputs' kinds and text. */
function cellsOf(page) {
  return page.evaluate(() => [...document.querySelectorAll('#notebook-container .cell.code_cell')].map((cell) => {
    const visible = (el) => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
    return {
      prompt: cell.querySelector('.input_prompt').innerText.replace(/\u00a0/g, ' ').trim(),
      source: cell.querySelector('.CodeMirror') ? cell.querySelector('.CodeMirror').CodeMirror.getValue() : '',
      errors: [...cell.querySelectorAll('.output_error')].map((e) => e.innerText),
      stderr: [...cell.querySelectorAll('.output_stderr')].map((e) => e.innerText),
      text: [...cell.querySelectorAll('.output_subarea')].map((e) => e.innerText).join('\n'),
      tables: [...cell.querySelectorAll('.output_html table')].map((t) => ({
        visible: visible(t), rows: t.querySelectorAll('tr').length, text: t.innerText.slice(0, 400) })),
      images: [...cell.querySelectorAll('.output_png img, .output_area img')].map((img) => {
        const r = img.getBoundingClientRect();
        return { naturalWidth: img.naturalWidth, naturalHeight: img.naturalHeight, width: r.width, height: r.height };
      }),
    };
  }));
}

/** Screenshots with the whole notebook in view: the page scrolls inside #site, so grow the viewport. */
async function screenshots(page, shoot) {
  const height = await page.evaluate(() => document.querySelector('#header').offsetHeight
      + document.querySelector('#notebook').scrollHeight + 40);
  await page.setViewport({ width: 1280, height: Math.min(height, 16000) });
  await new Promise((r) => setTimeout(r, 500));
  await shoot();
  await page.setViewport({ width: 1280, height: 900 });
}

async function screenshotAll(page, file) {
  await page.screenshot({ path: path.join(out, file) });
  report.screenshots = [...(report.screenshots || []), path.join(out, file)];
}

/** A screenshot of the first code cell whose source contains `text`, at readable size. */
async function screenshotCell(page, text, file) {
  const cells = await page.$$('#notebook-container .cell.code_cell');
  for (const cell of cells) {
    if ((await cell.evaluate((c) => c.querySelector('.CodeMirror').CodeMirror.getValue())).includes(text)) {
      await cell.screenshot({ path: path.join(out, file) });
      report.screenshots = [...(report.screenshots || []), path.join(out, file)];
      return;
    }
  }
}

try {
  const tree = await browser.newPage();
  await tree.goto(`${base}/tree?token=${encodeURIComponent(token)}`, { waitUntil: 'networkidle2', timeout: STEP_MS });
  const link = 'a[href*="03-init-strategies.ipynb"]';
  await tree.waitForSelector(`#notebook_list ${link}`, { timeout: STEP_MS });
  await tree.screenshot({ path: path.join(out, 'tree.png') });
  step('notebook list shows 03-init-strategies.ipynb');

  const nb = await tabOpenedBy(() => tree.click(`#notebook_list ${link}`), '03-init-strategies.ipynb');
  await kernelIdle(nb, STEP_MS);
  report.kernelName = await nb.evaluate(() => Jupyter.notebook.kernel.name);
  report.trusted = await nb.evaluate(() => document.querySelector('#notification_trusted').innerText.trim());
  step(`notebook 03 open on kernel ${report.kernelName}, ${report.trusted}`);

  // Every state each <progress> passes through, and how many bars exist at once; recorded from
  // DOM mutations, so an update in place (one bar, several values) differs from appended bars.
  await nb.evaluate(() => {
    const seen = { maxBarsAtOnce: 0, states: [], elements: 0 };
    const known = new WeakSet();
    const look = () => {
      for (const cell of document.querySelectorAll('#notebook-container .cell.code_cell')) {
        const bars = cell.querySelectorAll('progress');
        seen.maxBarsAtOnce = Math.max(seen.maxBarsAtOnce, bars.length);
        for (const bar of bars) {
          if (!known.has(bar)) { known.add(bar); seen.elements++; }
          const state = `${bar.getAttribute('value')}/${bar.getAttribute('max')} ${bar.parentElement.innerText.trim()}`;
          if (seen.states[seen.states.length - 1] !== state) seen.states.push(state);
        }
      }
    };
    new MutationObserver(look).observe(document.querySelector('#notebook-container'),
        { subtree: true, childList: true, attributes: true, characterData: true });
    window.modelkitProgress = seen;
  });

  // Cell > Run All, through the menu as a person clicks it.
  await nb.click('#celllink');
  await nb.waitForSelector('#run_all_cells > a', { visible: true, timeout: STEP_MS });
  const started = Date.now();
  await nb.click('#run_all_cells > a');
  step('Cell > Run All clicked');
  await nb.waitForFunction(() => document.querySelectorAll('.input_prompt').length > 0
      && [...document.querySelectorAll('.code_cell .input_prompt')].some((p) => p.innerText.includes('*')),
      { timeout: STEP_MS, polling: 200 });
  await nb.waitForFunction(() => [...document.querySelectorAll('.code_cell .input_prompt')]
      .every((p) => /\[\d+\]/.test(p.innerText))
      && document.querySelector('#kernel_indicator_icon.kernel_idle_icon'), { timeout: RUN_ALL_MS, polling: 1000 });
  report.runAllSeconds = (Date.now() - started) / 1000;
  step(`Run All finished in ${report.runAllSeconds} s`);
  report.notebook03 = await cellsOf(nb);
  report.progress = await nb.evaluate(() => window.modelkitProgress);
  await screenshots(nb, async () => {
    await screenshotAll(nb, '03-after-run-all.png');
    await screenshotCell(nb, '%bench', '03-bench-cell.png');
    await screenshotCell(nb, 'ProfileCharts.medians', '03-chart-cell.png');
  });
  save();

  // A new notebook on the ModelKit kernel, from the list's New menu.
  await tree.bringToFront();
  await tree.click('#new-dropdown-button');
  await tree.waitForSelector('#kernel-modelkit > a', { visible: true, timeout: STEP_MS });
  const fresh = await tabOpenedBy(() => tree.click('#kernel-modelkit > a'), '/notebooks/Untitled');
  await kernelIdle(fresh, STEP_MS);
  report.newNotebookKernel = await fresh.evaluate(() => Jupyter.notebook.kernel.name);
  step(`new notebook on kernel ${report.newNotebookKernel}`);
  await fresh.click('.cell.code_cell .CodeMirror');
  await fresh.keyboard.type('%model tiny');
  await fresh.keyboard.down('Shift'); await fresh.keyboard.press('Enter'); await fresh.keyboard.up('Shift');
  await fresh.waitForFunction(() => document.querySelectorAll('.code_cell').length >= 2, { timeout: STEP_MS });
  await fresh.keyboard.type('%model huge');
  await fresh.keyboard.down('Shift'); await fresh.keyboard.press('Enter'); await fresh.keyboard.up('Shift');
  await fresh.waitForFunction(() => {
    const prompts = [...document.querySelectorAll('.code_cell .input_prompt')].slice(0, 2);
    return prompts.length === 2 && prompts.every((p) => /\[\d+\]/.test(p.innerText))
        && document.querySelector('#kernel_indicator_icon.kernel_idle_icon');
  }, { timeout: STEP_MS, polling: 500 });
  report.magics = (await cellsOf(fresh)).slice(0, 2);
  step('%model tiny and %model huge ran');
  await screenshots(fresh, () => screenshotAll(fresh, 'new-notebook-magics.png'));
} catch (e) {
  report.failure = String(e && e.stack || e);
  console.error(`browser: ${report.failure}`);
  for (const p of await browser.pages()) {
    await p.screenshot({ path: path.join(out, `failure-${(await browser.pages()).indexOf(p)}.png`) }).catch(() => {});
  }
} finally {
  save();
  await browser.close();
  fs.rmSync(profile, { recursive: true, force: true });
}
process.exit(report.failure ? 1 : 0);
