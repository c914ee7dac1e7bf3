// The page's worker: matome's core (wasm) off the page's main thread, so
// the page never freezes. It judges the files one at a time (only what is
// judged of each is kept) and answers with the JSON report and, when
// asked, a workbook's bytes. `wasm_bindgen` is the glue wasm-bindgen made,
// put before this text when the page was assembled.
"use strict";

let session = null;
// The module's exports: its memory's size is the core's peak heap (a
// WebAssembly memory only grows).
let exports = null;
// The session that writes settings and forms, apart from the month's.
let tools = null;
// Whether this is one of the page's helpers, which only judge files, and
// a helper's channel to the worker.
let helper = false;
let toWorker = null;
// How often a new worker judges a sample form before the user's files
// (`warm_up`): about half a second, while the user chooses the folder.
const WARM_UP_ROUNDS = 200;
// The name the federation's settings go by in the helpers' sessions.
const FEDERATION_SETTINGS = "federation.toml";

function bytesOf(file) {
    return new Uint8Array(new FileReaderSync().readAsArrayBuffer(file));
}

// The files' bytes come from the page, which reads them while the core
// works here: the browser reads a file only when the thread that asked for
// it is free, and this one seldom is. Each pass over the files asks for
// the ones it needs (`want`); the page hands files' bytes (without a
// copy), a few at a time, to this worker or to a helper, whichever has
// least to do, and the helpers send what they judged straight here.
// Either arrives as it is ready, naming its place among the files; the
// page is told which of the files it handed this worker are done, a few
// at a time (a message costs about as much as judging a small file).
let feed = null;
const ACKNOWLEDGE_EVERY = 8;

function startFeed(indices, pass) {
    feed = { id: (feed ? feed.id : 0) + 1, arrived: [], waiting: null, done: [] };
    postMessage({ type: "want", feed: feed.id, indices, ...pass });
}

function nextArrival() {
    if (feed.arrived.length) return Promise.resolve(feed.arrived.shift());
    acknowledge();
    return new Promise((resolve) => (feed.waiting = resolve));
}

// Tell the page which files it handed here are done.
function acknowledge() {
    if (!feed.done.length) return;
    postMessage({ type: "consumed", feed: feed.id, positions: feed.done });
    feed.done = [];
}

function fileDone(position) {
    feed.done.push(position);
    if (feed.done.length >= ACKNOWLEDGE_EVERY) acknowledge();
}

// Files' `bytes` from the page (null for a file the browser could not
// read), or what a helper `judged` of files.
function received(message) {
    if (!feed || message.feed !== feed.id) return;
    for (const item of message.files) {
        item.handed = message.type === "bytes";
        const waiting = feed.waiting;
        feed.waiting = null;
        if (waiting) waiting(item);
        else feed.arrived.push(item);
    }
}

// A helper: judges the files the page hands it; what it judged goes to
// the worker, and the page is told they are done.
function judgeForWorker(message) {
    const files = [];
    const transfer = [];
    for (const { position, name, bytes } of message.files) {
        let judged = null;
        if (bytes) {
            try {
                judged = session.judge(name, bytes);
            } catch (error) {
                postMessage({ type: "crashed", name });
                return;
            }
            transfer.push(judged.buffer);
        }
        files.push({ position, judged });
    }
    toWorker.postMessage({ type: "judged", feed: message.feed, files }, transfer);
    postMessage({ type: "consumed", feed: message.feed, positions: files.map((file) => file.position) });
}

// A session for the month's files under the page's settings, report date
// and passwords (the worker's, a helper's, or one file's explanation).
function monthSession(message) {
    const session = new wasm_bindgen.Session(message.lang, message.asOf, message.settingsName, message.settingsBytes || new Uint8Array());
    session.set_passwords(message.passwords || "");
    return session;
}

// The month's session, the last one's memory given back at once: on a
// year's folder it holds a hundred megabytes, which a new run (another
// report date, the other language) would otherwise hold twice until the
// browser collects it.
function replaceSession(next) {
    if (session) session.free();
    session = next;
}

async function run(message) {
    const { names, skipped, folder } = message;
    replaceSession(monthSession(message));
    session.set_previous(message.previousName || "", message.previousBytes || new Uint8Array());
    const entries = names.map((name, index) => ({ name, index }));
    const wanted = entries.filter((entry) => wasm_bindgen.is_candidate(entry.name) && !skipped.includes(entry.name));
    const unreadable = entries.filter((entry) => skipped.includes(entry.name));
    // Where the time goes, for the benchmark: waiting for files (or a
    // helper's answer), the core.
    const spent = { reading: 0, core: 0 };
    if (!(await judgeAll(wanted, unreadable, spent, {}))) return;
    // A folder of members' reports: once more under the federation's
    // settings, derived from them; the helpers are given them too.
    if (session.needs_roll_up(folder || "") && !(await judgeAll(wanted, unreadable, spent, federationPass()))) return;
    postMessage({ type: "progress", done: wanted.length, total: wanted.length, name: "" });
    const mark = performance.now();
    const json = session.finish();
    spent.core += performance.now() - mark;
    const memory = exports.memory.buffer.byteLength;
    postMessage({ type: "result", json, summary: session.summary_line(), organisation: session.organisation(), title: session.report_title(), months: JSON.parse(session.month_names()), memory, spent });
}

// The second pass over a folder of members' reports: the helpers judge
// under the federation's settings (as TOML, which they load as this
// session's), or, should those not load, the worker judges alone.
function federationPass() {
    const federation = { name: FEDERATION_SETTINGS, bytes: new TextEncoder().encode(session.settings_toml()) };
    try {
        new wasm_bindgen.Session("ja", "", federation.name, federation.bytes).free();
        return { federation };
    } catch (error) {
        return { alone: true };
    }
}

// Give the session every file, as the page reads them (or what a helper
// judged of it), each in its place: the files not read first, then the
// others in the order of their names, as the command line takes them.
// `pass` says who judges (`federationPass`). False if the module stopped.
async function judgeAll(wanted, unreadable, spent, pass) {
    unreadable.forEach((entry, place) => session.add_unreadable(place, entry.name));
    const first = unreadable.length;
    const loading = [];
    wanted.forEach((entry, index) => {
        // A PDF or a picture is named from its name alone: not loaded.
        if (wasm_bindgen.needs_bytes(entry.name)) loading.push(index);
        else session.add_file(first + index, entry.name, new Uint8Array());
    });
    startFeed(loading.map((index) => wanted[index].index), pass);
    let shown = 0;
    for (let done = 0; done < loading.length; done++) {
        let mark = performance.now();
        const item = await nextArrival();
        spent.reading += performance.now() - mark;
        const index = loading[item.position];
        const name = wanted[index].name;
        // Progress a few times a second: a message a file would cost the
        // page more than reading.
        if (performance.now() - shown > 100) {
            shown = performance.now();
            postMessage({ type: "progress", done, total: loading.length, name });
        }
        mark = performance.now();
        try {
            if (item.judged) session.add_judged(first + index, item.judged);
            else if (item.bytes) session.add_file(first + index, name, item.bytes);
            else session.add_unopened(first + index, name);
            if (item.handed) fileDone(item.position);
        } catch (error) {
            // The module stopped inside a parser: the page starts a new
            // worker and reads again without this file.
            postMessage({ type: "crashed", name });
            return false;
        }
        spent.core += performance.now() - mark;
    }
    acknowledge();
    return true;
}

function save(what) {
    const made = {
        report: () => session.report_workbook(),
        feedback: () => session.feedback_zip(),
        settings: () => tools.settings_workbook(),
        templates: () => tools.templates_zip(),
    }[what];
    const bytes = made();
    postMessage({ type: "saved", what, bytes }, [bytes.buffer]);
}

onmessage = (event) => {
    const message = event.data;
    try {
        if (message.type === "init") {
            exports = wasm_bindgen.initSync({ module: message.wasm });
            helper = Boolean(message.helper);
            toWorker = message.toWorker || null;
            if (!helper) {
                for (const port of message.fromHelpers || []) port.onmessage = (event) => received(event.data);
                const both = (lang) => ({ ...JSON.parse(wasm_bindgen.page_words(lang)), codes: JSON.parse(wasm_bindgen.code_names(lang)) });
                postMessage({ type: "ready", words: { ja: both("ja"), en: both("en") } });
            }
            wasm_bindgen.warm_up(WARM_UP_ROUNDS);
        } else if (message.type === "bytes" && helper) {
            judgeForWorker(message);
        } else if (message.type === "bytes") {
            received(message);
        } else if (message.type === "helper-session") {
            replaceSession(monthSession(message));
        } else if (message.type === "run") {
            run(message).catch((error) => postMessage({ type: "error", message: String(error && error.message ? error.message : error) }));
        } else if (message.type === "save") {
            save(message.what);
        } else if (message.type === "prepare") {
            tools = new wasm_bindgen.Session(message.lang, "", message.settingsName, message.settingsBytes || new Uint8Array());
            postMessage({ type: "prepared" });
        } else if (message.type === "next-year") {
            const tool = new wasm_bindgen.Session(message.lang, "", message.settingsName, message.settingsBytes || new Uint8Array());
            const bytes = tool.next_year(message.name, bytesOf(message.file));
            postMessage({ type: "saved", what: "next-year", bytes }, [bytes.buffer]);
        } else if (message.type === "learn") {
            // Settings from the branches' forms, as `init --from`.
            const tool = new wasm_bindgen.Session(message.lang, "", "", new Uint8Array());
            message.files.forEach((file, index) => tool.add_form(message.names[index], bytesOf(file)));
            const bytes = tool.learn_settings();
            postMessage({ type: "learnt", bytes, name: tool.learnt_name(), lines: tool.learnt_lines() }, [bytes.buffer]);
        } else if (message.type === "explain") {
            const explainer = monthSession(message);
            postMessage({ type: "explained", text: explainer.explain(message.name, bytesOf(message.file)) });
        }
    } catch (error) {
        postMessage({ type: "error", message: String(error && error.message ? error.message : error) });
    }
};
