// The page: a thin front end over matome's core, which runs in a worker.
// It hands the worker the files the user chose (with their paths inside
// the folder), shows what comes back, and saves what the user asks for.
// Every text from a file (names, labels, cells, messages) is shown with
// textContent, never as HTML. Nothing is sent anywhere: the page's
// Content-Security-Policy forbids any request.
"use strict";

const state = {
    lang: localStorage.getItem("matome.lang") === "en" ? "en" : "ja",
    words: null,
    worker: null,
    files: [],
    skipped: [],
    report: null,
    summary: "",
    folder: null,
    settings: loadRemembered("settings"),
    previous: loadRemembered("previous"),
    // Passwords for protected files: in this page's memory only, never in
    // the browser's storage or a saved file; the page closed, they are gone.
    passwords: [],
    // Files still closed when a password was last tried (to tell a wrong
    // one), and whether the user chose to go on without.
    closedBefore: null,
    passwordSkipped: false,
    helpers: [],
    // The files the worker asked for in this pass, and who judges each.
    feed: null,
};

function $(id) {
    return document.getElementById(id);
}

function words() {
    return state.words[state.lang];
}

function element(tag, text, className) {
    const made = document.createElement(tag);
    if (text !== undefined && text !== null) made.textContent = String(text);
    if (className) made.className = className;
    return made;
}

// What the user gave once — the settings, last year's report — remembered
// in this browser's own storage (`what` is "settings" or "previous").
function loadRemembered(what) {
    const name = localStorage.getItem(`matome.${what}.name`);
    const data = localStorage.getItem(`matome.${what}.bytes`);
    if (!name || !data) return null;
    return { name, bytes: Uint8Array.from(atob(data), (c) => c.charCodeAt(0)) };
}

function remember(what, name, bytes) {
    let text = "";
    for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    try {
        localStorage.setItem(`matome.${what}.name`, name);
        localStorage.setItem(`matome.${what}.bytes`, btoa(text));
    } catch (error) {
        // Past the browser's storage quota: used now, not remembered.
        forget(what);
    }
    state[what] = { name, bytes };
}

function forget(what) {
    localStorage.removeItem(`matome.${what}.name`);
    localStorage.removeItem(`matome.${what}.bytes`);
    state[what] = null;
}

function wasmBytes() {
    const text = atob(document.getElementById("matome-wasm").textContent.trim());
    const bytes = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
    return bytes;
}

// Helpers judge files beside the worker, one a core the computer has
// beyond the page's own (at most three). Each has a channel of its own to
// the worker, which gathers what they judged, in the files' order, and
// does everything else: what a helper judged does not pass through here.
const HELPERS = Math.min(Math.max((navigator.hardwareConcurrency || 1) - 1, 0), 3);

function startWorker() {
    if (state.worker) state.worker.terminate();
    state.helpers.forEach((helper) => helper.terminate());
    const source = document.getElementById("matome-worker").textContent;
    const url = URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
    const module = new WebAssembly.Module(wasmBytes());
    state.worker = new Worker(url);
    state.worker.onmessage = (event) => onWorkerMessage(event.data);
    const channels = [];
    state.helpers = Array.from({ length: HELPERS }, () => {
        const helper = new Worker(url);
        const channel = new MessageChannel();
        channels.push(channel.port2);
        helper.onmessage = (event) => onWorkerMessage(event.data);
        helper.postMessage({ type: "init", wasm: module, helper: true, toWorker: channel.port1 }, [channel.port1]);
        return helper;
    });
    URL.revokeObjectURL(url);
    return new Promise((resolve) => {
        state.ready = resolve;
        state.worker.postMessage({ type: "init", wasm: module, fromHelpers: channels }, channels);
    });
}

function onWorkerMessage(message) {
    if (message.type === "ready") {
        state.words = message.words;
        state.ready();
    } else if (message.type === "progress") {
        const line = message.total ? `${words().reading} ${message.done}/${message.total} ${message.name}` : "";
        $("progress").textContent = line;
        $("progress-bar").value = message.total ? message.done / message.total : 0;
    } else if (message.type === "want") {
        feedWorker(message);
    } else if (message.type === "consumed") {
        consumed(message.feed, message.positions);
    } else if (message.type === "crashed") {
        state.skipped.push(message.name);
        startWorker().then(run);
    } else if (message.type === "result") {
        state.report = JSON.parse(message.json);
        state.json = message.json;
        state.summary = message.summary;
        state.months = message.months;
        state.title = message.title;
        state.organisation = message.organisation;
        document.body.dataset.wasmMemory = message.memory;
        document.body.dataset.spent = JSON.stringify(message.spent);
        document.body.dataset.runMs = Math.round(performance.now() - state.started);
        $("progress").textContent = "";
        showResults();
    } else if (message.type === "saved") {
        saved(message.what, message.bytes);
    } else if (message.type === "learnt") {
        // Shown, saved as the settings workbook, and used at once.
        $("learnt").hidden = false;
        $("learnt").textContent = message.lines;
        download(message.name, message.bytes, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        remember("settings", message.name, message.bytes);
        showWords();
        run();
    } else if (message.type === "explained") {
        $("explain-text").textContent = message.text;
    } else if (message.type === "prepared") {
        state.worker.postMessage({ type: "save", what: state.pendingSave });
    } else if (message.type === "error") {
        $("error").textContent = message.message;
        $("progress").textContent = "";
    }
}

function settingsMessage() {
    const settings = state.settings;
    return {
        lang: state.lang,
        asOf: $("as-of").value,
        passwords: state.passwords.join("\n"),
        settingsName: settings ? settings.name : "",
        settingsBytes: settings ? settings.bytes : null,
        previousName: state.previous ? state.previous.name : "",
        previousBytes: state.previous ? state.previous.bytes : null,
    };
}

function run() {
    if (!state.files.length) return;
    $("error").textContent = "";
    state.started = performance.now();
    state.feed = null;
    const names = state.files.map((entry) => entry.name);
    const message = { type: "run", ...settingsMessage(), names, skipped: state.skipped, folder: state.folderName || "" };
    state.worker.postMessage(message);
    state.helpers.forEach((helper) => helper.postMessage({ type: "helper-session", ...settingsMessage() }));
}

// The files' bytes, read here for the worker: this thread is idle while
// the worker judges, and the browser reads a file only when the thread
// that asked is free. Files go, without a copy, to whichever of the
// worker and the helpers has fewest files waiting, so that none waits
// while another has a backlog (a federation's second pass under the
// federation's settings the worker sends, or by the worker alone should
// they not load). Reading is a round trip through the browser, longer than
// judging a small file, so many are kept waiting for each judge: as many
// as fit in QUEUED_BYTES at the size of the files read so far (a File's
// size is not asked before reading it: that is a round trip too), at most
// QUEUED, and four before any is read.
const QUEUED = 64;
const QUEUED_BYTES = 16 << 20;
// A message between threads costs about as much as judging a small file,
// so a judge's files are read AT_ONCE at most and go to it in one
// message, once it has room for at least AT_LEAST.
const AT_ONCE = 32;
const AT_LEAST = 8;

function feedWorker(want) {
    if (want.federation) {
        // Before any file of this pass: a helper takes messages in order.
        const federation = { ...settingsMessage(), settingsName: want.federation.name, settingsBytes: want.federation.bytes };
        state.helpers.forEach((helper) => helper.postMessage({ type: "helper-session", ...federation }));
    }
    const judge = (port) => ({ port, queued: 0, bytes: 0 });
    const worker = judge(state.worker);
    const judges = want.alone ? [worker] : [...state.helpers.map(judge), worker];
    state.feed = { id: want.feed, indices: want.indices, next: 0, judges, given: [], read: 0, readBytes: 0 };
    readAhead();
}

function readAhead() {
    const feed = state.feed;
    const depth = () => (feed.read ? Math.max(1, Math.min(QUEUED, Math.floor((QUEUED_BYTES * feed.read) / Math.max(feed.readBytes, 1)))) : 4);
    while (feed && feed.next < feed.indices.length) {
        const judge = feed.judges.reduce((least, other) => (other.queued < least.queued ? other : least));
        const room = Math.min(depth() - judge.queued, AT_ONCE, feed.indices.length - feed.next);
        const full = judge.queued > 0 && (room < Math.min(AT_LEAST, feed.indices.length - feed.next) || judge.bytes >= QUEUED_BYTES);
        if (room <= 0 || full) break;
        const positions = Array.from({ length: room }, (_, k) => feed.next + k);
        feed.next += room;
        judge.queued += room;
        const entries = positions.map((position) => state.files[feed.indices[position]]);
        readEach(entries.map((entry) => entry.file)).then((contents) => {
            if (state.feed !== feed) return;
            const files = positions.map((position, k) => ({ position, name: entries[k].name, bytes: contents[k] }));
            const sizes = contents.map((bytes) => (bytes ? bytes.byteLength : 0));
            positions.forEach((position, k) => (feed.given[position] = { judge, size: sizes[k] }));
            const total = sizes.reduce((sum, size) => sum + size, 0);
            judge.bytes += total;
            feed.read += room;
            feed.readBytes += total;
            const buffers = new Set(contents.filter(Boolean).map((bytes) => bytes.buffer));
            judge.port.postMessage({ type: "bytes", feed: feed.id, files }, [...buffers]);
        });
    }
}

// The bytes of `files`, null for one the browser could not read. (Read
// as one Blob of them all, they cost the browser more the first time.)
function readEach(files) {
    return Promise.all(files.map((file) => file.arrayBuffer().then((bytes) => new Uint8Array(bytes), () => null)));
}

// Files done, by the worker or by a helper: more can be read for it.
function consumed(feedId, positions) {
    const feed = state.feed;
    if (!feed || feed.id !== feedId) return;
    for (const position of positions) {
        const { judge, size } = feed.given[position];
        judge.queued--;
        judge.bytes -= size;
    }
    readAhead();
}

// A new choice of files, each named by its path inside `folderName` (the
// year's folder, whose name names a federation rolled up from it).
function chooseFiles(files, folderName) {
    state.files = files;
    state.passwordSkipped = false;
    state.folderName = folderName;
    state.skipped = [];
    run();
}

function takeFiles(list) {
    const first = list[0] && list[0].webkitRelativePath;
    const files = Array.from(list).map((file) => ({ name: file.webkitRelativePath ? withoutTop(file.webkitRelativePath) : file.name, file }));
    chooseFiles(files, first ? first.split("/")[0] : "");
}

function withoutTop(path) {
    const parts = path.split("/");
    return parts.length > 1 ? parts.slice(1).join("/") : path;
}

async function filesOfEntry(entry, prefix, out) {
    if (entry.isFile) {
        const file = await new Promise((resolve, reject) => entry.file(resolve, reject));
        out.push({ name: prefix + entry.name, file });
    } else if (entry.isDirectory) {
        const reader = entry.createReader();
        for (;;) {
            const batch = await new Promise((resolve, reject) => reader.readEntries(resolve, reject));
            if (!batch.length) break;
            for (const child of batch) await filesOfEntry(child, prefix + entry.name + "/", out);
        }
    }
}

async function dropped(event) {
    event.preventDefault();
    const items = Array.from(event.dataTransfer.items || []);
    const entries = items.map((item) => item.webkitGetAsEntry && item.webkitGetAsEntry()).filter(Boolean);
    // Attachments dragged from a mail program (and some other drags) come
    // as plain Files, with no file-system entry: taken as they are.
    if (!entries.length) {
        const files = Array.from(event.dataTransfer.files || []);
        if (files.length) takeFiles(files);
        return;
    }
    const out = [];
    for (const entry of entries) await filesOfEntry(entry, "", out);
    // One folder dropped is the year's folder: paths start inside it.
    const folder = entries.length === 1 && entries[0].isDirectory;
    chooseFiles(folder ? out.map((f) => ({ ...f, name: withoutTop(f.name) })) : out, folder ? entries[0].name : "");
}

// A folder picked with write access (Edge, Chrome): read it, and later
// save the report and feedback into it.
async function pickFolder() {
    const handle = await window.showDirectoryPicker({ mode: "readwrite" });
    const out = [];
    async function walk(directory, prefix) {
        for await (const [name, child] of directory.entries()) {
            if (child.kind === "file") out.push({ name: prefix + name, file: await child.getFile() });
            else await walk(child, prefix + name + "/");
        }
    }
    await walk(handle, "");
    state.folder = handle;
    chooseFiles(out, handle.name);
}

function table(headings, rows) {
    const made = element("table");
    const head = made.createTHead().insertRow();
    headings.forEach((heading) => head.appendChild(element("th", heading)));
    const body = made.createTBody();
    rows.forEach((cells) => {
        const row = body.insertRow();
        cells.forEach((cell) => {
            const td = row.insertCell();
            if (cell && typeof cell === "object") {
                td.textContent = cell.text;
                if (cell.className) td.className = cell.className;
            } else {
                td.textContent = cell === null || cell === undefined ? "" : String(cell);
            }
        });
    });
    return made;
}

function percent(value) {
    return value === null || value === undefined ? "" : (value * 100).toFixed(1) + "%";
}

function number(value) {
    return value === null || value === undefined ? "" : Number(value).toLocaleString(state.lang === "en" ? "en" : "ja");
}

// The protected files no password given has opened.
function closedFiles(report) {
    return report.findings
        .filter((f) => f.code === "F001" && (f.reason === "encrypted" || f.reason === "wrong_password"))
        .map((f) => f.location.file);
}

// Ask for a password when a protected file stays closed: once when the
// first is met, again when the one given opened nothing new.
function askForPassword(report) {
    const closed = closedFiles(report);
    $("ask-password").hidden = !closed.length;
    const dialog = $("password-dialog");
    if (!closed.length || state.passwordSkipped || dialog.open) return;
    const wrong = state.closedBefore !== null && closed.length >= state.closedBefore;
    state.closedBefore = null;
    showPasswordDialog(closed[0], wrong);
}

function showPasswordDialog(file, wrong) {
    const w = words();
    $("password-explain").textContent = w.password_explain.replace("{file}", file);
    $("password-wrong").textContent = wrong ? w.password_wrong : "";
    $("password-input").value = "";
    $("password-dialog").showModal();
    $("password-input").focus();
}

function answerPassword(event) {
    const dialog = $("password-dialog");
    const password = $("password-input").value;
    // The field is emptied at once: the password stays only in the list.
    $("password-input").value = "";
    if (dialog.returnValue === "open" && password) {
        state.passwords.push(password);
        state.closedBefore = closedFiles(state.report).length;
        run();
    } else {
        state.passwordSkipped = true;
    }
}

function showResults() {
    const report = state.report;
    const w = words();
    $("results").hidden = false;
    $("summary-line").textContent = state.summary;
    // The printed summary's heading: who, what, as of when.
    $("print-organisation").textContent = state.organisation || report.organisation;
    $("print-title").textContent = state.title || "";
    $("print-as-of").textContent = `${w.as_of}: ${report.as_of}`;
    // The report date it worked out (given, or the files' latest).
    $("as-of-used").textContent = `${w.as_of}: ${report.as_of}`;
    const units = report.units.map((unit) => [
        unit.name,
        unit.files.length ? unit.files.map((f) => f.file).join("\n") : { text: w.sent_nothing, className: "missing" },
        unit.report_date || "",
        { text: w.codes.status[unit.status] || unit.status, className: "status-" + unit.status },
    ]);
    $("submissions").replaceChildren(table(w.columns.slice(0, 4), units));
    // Every file not read is named here, with why (F013, F001).
    const notRead = report.findings.filter((f) => f.code === "F013" || f.code === "F001");
    $("not-read-heading").hidden = !notRead.length;
    $("not-read").replaceChildren(...notRead.map((f) => element("li", `${f.location.file}: ${f.message}`)));
    askForPassword(report);
    // Last year beside this year, where last year's figures are known.
    const withLastYear = report.kpis.some((kpi) => kpi.previous_to_date !== null && kpi.previous_to_date !== undefined);
    const overview = report.kpis
        .filter((kpi) => kpi.target !== null || kpi.actual !== null)
        .map((kpi) => {
            // A ratio (巡回率) is a share, shown as one.
            const figure = kpi.kind === "ratio" ? percent : number;
            const standing = { text: w.codes.standing[kpi.standing] || "", className: "standing-" + (kpi.standing || "none") };
            const row = [kpi.label, figure(kpi.target), figure(kpi.actual), percent(kpi.progress), standing];
            return withLastYear ? row.concat([figure(kpi.previous_to_date), percent(kpi.previous_ratio)]) : row;
        });
    const headings = w.columns.slice(4, 9).concat(withLastYear ? [w.previous_to_date, w.previous_ratio] : []);
    $("overview").replaceChildren(table(headings, overview));
    showPictures(report);
    const unitFilter = $("filter-unit");
    const chosen = unitFilter.value;
    unitFilter.replaceChildren(new Option(w.all_units, ""), ...report.units.map((unit) => new Option(unit.name, unit.id)));
    unitFilter.value = chosen;
    showFindings();
    $("save-feedback").disabled = !report.findings.some((f) => f.unit);
    $("save-into-folder").hidden = !state.folder;
}

// The pictures, drawn by ApexCharts (a chart library from npm, built into
// the page) from the figures of 総括. Their text is SVG text: it prints, it
// can be copied and read aloud. Each standing is said in words beside its
// colour, and the colours (Okabe and Ito's) are told apart by every common
// colour vision and in print.
const STANDING_COLOURS = { on_pace: "#009E73", slightly_behind: "#E69F00", far_behind: "#D55E00" };
const charts = [];

function drawChart(id, options) {
    const chart = new ApexCharts($(id), {
        ...options,
        chart: { ...options.chart, animations: { enabled: false }, toolbar: { show: false }, fontFamily: "inherit" },
        tooltip: { enabled: false },
    });
    charts.push(chart);
    chart.render();
}

function showPictures(report) {
    const w = words();
    charts.splice(0).forEach((chart) => chart.destroy());
    const kpis = report.kpis.filter((kpi) => kpi.progress !== null && kpi.standing);
    const pace = report.expected_pace * 100;
    const standingWords = (standing) => w.codes.standing[standing] || "";
    drawChart("picture-progress", {
        chart: { type: "bar", height: 80 + 26 * kpis.length },
        plotOptions: { bar: { horizontal: true, distributed: true, barHeight: "70%", dataLabels: { position: "top" } } },
        series: [{ name: w.columns[7], data: kpis.map((kpi) => Math.round(kpi.progress * 1000) / 10) }],
        // Room at the right for the figure and the standing in words.
        xaxis: {
            categories: kpis.map((kpi) => kpi.label),
            labels: { formatter: (value) => `${Math.round(value)}%` },
            max: Math.ceil((Math.max(100, ...kpis.map((kpi) => kpi.progress * 100)) * 1.3) / 10) * 10,
        },
        fill: { opacity: 1 },
        colors: kpis.map((kpi) => STANDING_COLOURS[kpi.standing]),
        dataLabels: {
            enabled: true,
            offsetX: 70,
            style: { colors: ["#1f2933"], fontWeight: "normal" },
            formatter: (value, { dataPointIndex }) => `${value.toFixed(1)}%  ${standingWords(kpis[dataPointIndex].standing)}`,
        },
        annotations: {
            xaxis: [{ x: pace, borderColor: "#1f2933", label: { text: `${w.pace} ${pace.toFixed(1)}%`, orientation: "horizontal" } }],
        },
        legend: { show: false },
    });
    // Units × items: a table, each cell its progress and standing in words.
    const items = report.kpis.filter((kpi) => kpi.units.some((line) => line.progress !== null));
    const cell = (kpi, unit) => {
        const line = kpi.units.find((candidate) => candidate.unit === unit.id);
        if (!line || line.progress === null) return "";
        return { text: `${percent(line.progress)} ${standingWords(line.standing)}`, className: "standing-" + line.standing };
    };
    const rows = report.units.map((unit) => [unit.name, ...items.map((kpi) => cell(kpi, unit))]);
    $("picture-grid").replaceChildren(table([w.columns[0], ...items.map((kpi) => kpi.label)], rows));
    const chosen = $("picture-item").value;
    const counted = report.kpis.filter((kpi) => kpi.actual !== null);
    $("picture-item").replaceChildren(...counted.map((kpi) => new Option(kpi.label, kpi.id)));
    if (counted.some((kpi) => kpi.id === chosen)) $("picture-item").value = chosen;
    showCumulative();
}

// One item by month: this year's cumulative, the target spread evenly over
// the year (for counts), and last year's cumulative where it is known.
function showCumulative() {
    const w = words();
    const kpi = state.report.kpis.find((candidate) => candidate.id === $("picture-item").value);
    if (!kpi) return;
    const series = [{ name: w.this_year_cumulative, data: kpi.cumulative }];
    const counts = kpi.kind === "flow";
    if (kpi.target !== null && counts) {
        series.push({ name: w.plan_by_month, data: state.months.map((_, m) => Math.round((kpi.target * (m + 1)) / 12)) });
    }
    if (kpi.previous_cumulative) series.push({ name: w.last_year_cumulative, data: kpi.previous_cumulative });
    const old = charts.findIndex((chart) => chart.el && chart.el.id === "picture-cumulative");
    if (old >= 0) charts.splice(old, 1)[0].destroy();
    drawChart("picture-cumulative", {
        chart: { type: "line", height: 320 },
        title: { text: kpi.label },
        series,
        xaxis: { categories: state.months },
        colors: ["#0072B2", "#1f2933", "#999999"],
        stroke: { width: [3, 2, 2], dashArray: [0, 6, 0] },
        markers: { size: 3 },
        legend: { position: "top" },
    });
}

function showFindings() {
    const w = words();
    const unit = $("filter-unit").value;
    const severity = $("filter-severity").value;
    const shown = state.report.findings.filter((f) => (!unit || f.unit === unit) && (!severity || f.severity === severity));
    const rows = shown.map((f) => [
        { text: w.codes.severity[f.severity] || f.severity, className: "severity-" + f.severity },
        f.code,
        f.location.file,
        f.location.sheet || "",
        f.location.cell || "",
        f.message,
    ]);
    $("findings").replaceChildren(rows.length ? table(w.columns.slice(9), rows) : element("p", w.no_findings));
}

const downloads = {
    report: () => `${state.report.organisation}_${state.report.as_of}.xlsx`,
    feedback: () => `feedback_${state.report.as_of}.zip`,
    settings: () => (state.lang === "en" ? "matome-settings.xlsx" : "matome設定.xlsx"),
    templates: () => "templates.zip",
    "next-year": () => (state.lang === "en" ? "matome-settings-next-year.xlsx" : "matome設定_翌年度.xlsx"),
};

function download(name, bytes, type) {
    const url = URL.createObjectURL(new Blob([bytes], { type }));
    const link = element("a");
    link.href = url;
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
}

async function saved(what, bytes) {
    const name = downloads[what]();
    if (state.saveInto && (what === "report" || what === "feedback")) {
        const file = await state.folder.getFileHandle(name, { create: true });
        const writable = await file.createWritable();
        await writable.write(bytes);
        await writable.close();
        $("progress").textContent = `${words().saved_into_folder}: ${name}`;
        return;
    }
    download(name, bytes, "application/octet-stream");
}

function askFor(what, into) {
    state.saveInto = Boolean(into);
    if (what === "settings" || what === "templates") {
        state.pendingSave = what;
        state.worker.postMessage({ type: "prepare", ...settingsMessage() });
    } else {
        state.worker.postMessage({ type: "save", what });
    }
}

function showWords() {
    const w = words();
    document.documentElement.lang = state.lang;
    document.title = w.title;
    document.querySelectorAll("[data-word]").forEach((node) => {
        node.textContent = w[node.dataset.word];
    });
    // Controls with no text of their own are named for screen readers.
    document.querySelectorAll("[data-aria]").forEach((node) => node.setAttribute("aria-label", w[node.dataset.aria]));
    $("as-of").placeholder = w.as_of_hint;
    const settings = state.settings;
    $("settings-name").textContent = settings ? `${settings.name} ${w.settings_remembered}` : w.settings_default;
    $("forget-settings").hidden = !settings;
    $("previous-name").textContent = state.previous ? `${state.previous.name} ${w.settings_remembered}` : w.previous_none;
    $("forget-previous").hidden = !state.previous;
    const severities = ["error", "warning", "info"].map((code) => new Option(w.codes.severity[code], code));
    $("filter-severity").replaceChildren(new Option(w.all_severities, ""), ...severities);
    if (state.report) showResults();
}

function wire() {
    $("language").onclick = () => {
        state.lang = state.lang === "ja" ? "en" : "ja";
        localStorage.setItem("matome.lang", state.lang);
        showWords();
        run();
    };
    $("files").onchange = (event) => takeFiles(event.target.files);
    $("folder").onchange = (event) => takeFiles(event.target.files);
    if (window.showDirectoryPicker) {
        // Where the browser can also write into the folder, that picker
        // takes the place of the plain one.
        $("folder-label").hidden = true;
        $("pick-folder").hidden = false;
        $("pick-folder").onclick = () => pickFolder().catch((error) => ($("error").textContent = String(error)));
    }
    const zone = $("drop-zone");
    zone.ondragover = (event) => event.preventDefault();
    zone.ondrop = (event) => dropped(event).catch((error) => ($("error").textContent = String(error)));
    for (const what of ["settings", "previous"]) {
        $(`${what}-file`).onchange = async (event) => {
            const file = event.target.files[0];
            if (!file) return;
            remember(what, file.name, new Uint8Array(await file.arrayBuffer()));
            showWords();
            run();
        };
        $(`forget-${what}`).onclick = () => {
            forget(what);
            showWords();
            run();
        };
    }
    $("as-of").onchange = run;
    $("password-dialog").onclose = answerPassword;
    $("ask-password").onclick = () => {
        state.passwordSkipped = false;
        const closed = closedFiles(state.report);
        if (closed.length) showPasswordDialog(closed[0], false);
    };
    $("picture-item").onchange = showCumulative;
    $("learn-forms").onchange = (event) => {
        const files = Array.from(event.target.files);
        if (!files.length) return;
        $("error").textContent = "";
        const names = files.map((file) => (file.webkitRelativePath ? withoutTop(file.webkitRelativePath) : file.name));
        state.worker.postMessage({ type: "learn", lang: state.lang, files, names });
    };
    $("print").onclick = () => window.print();
    $("filter-unit").onchange = showFindings;
    $("filter-severity").onchange = showFindings;
    $("save-report").onclick = () => askFor("report");
    $("save-json").onclick = () => download(`${state.report.organisation}_${state.report.as_of}.json`, new TextEncoder().encode(state.json), "application/json");
    $("save-feedback").onclick = () => askFor("feedback");
    $("save-into-folder").onclick = () => {
        askFor("report", true);
        if (!$("save-feedback").disabled) setTimeout(() => askFor("feedback", true), 0);
    };
    $("new-settings").onclick = () => askFor("settings");
    $("templates").onclick = () => askFor("templates");
    $("next-year-report").onchange = (event) => {
        const file = event.target.files[0];
        if (file) state.worker.postMessage({ type: "next-year", ...settingsMessage(), name: file.name, file });
    };
    $("explain-file").onchange = (event) => {
        const file = event.target.files[0];
        if (file) state.worker.postMessage({ type: "explain", ...settingsMessage(), name: file.name, file });
    };
}

startWorker().then(() => {
    wire();
    showWords();
    $("app").hidden = false;
});
