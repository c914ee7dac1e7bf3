// The page's worker: matome's core (wasm) off the page's main thread, so
// the page never freezes. It reads the files one at a time (only what is
// judged of each is kept) and answers with the JSON report and, when
// asked, a workbook's bytes. `wasm_bindgen` is the glue wasm-bindgen made,
// put before this text when the page was assembled.
"use strict";

let session = null;
// The session that writes settings and forms, apart from the month's.
let tools = null;

function bytesOf(file) {
    return new Uint8Array(new FileReaderSync().readAsArrayBuffer(file));
}

function run(message) {
    const { lang, asOf, settingsName, settingsBytes, files, skipped } = message;
    session = new wasm_bindgen.Session(lang, asOf, settingsName, settingsBytes || new Uint8Array());
    const wanted = files.filter((entry) => wasm_bindgen.is_candidate(entry.name));
    wanted.forEach((entry, index) => {
        postMessage({ type: "progress", done: index, total: wanted.length, name: entry.name });
        if (skipped.includes(entry.name)) {
            session.add_unreadable(entry.name);
            return;
        }
        let bytes;
        try {
            bytes = bytesOf(entry.file);
        } catch (error) {
            session.add_unreadable(entry.name);
            return;
        }
        try {
            session.add_file(entry.name, bytes);
        } catch (error) {
            // The module stopped inside a parser: the page starts a new
            // worker and reads again without this file.
            postMessage({ type: "crashed", name: entry.name });
            throw error;
        }
    });
    postMessage({ type: "progress", done: wanted.length, total: wanted.length, name: "" });
    const json = session.finish();
    postMessage({ type: "result", json, summary: session.summary_line(), organisation: session.organisation() });
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
            wasm_bindgen.initSync({ module: message.wasm });
            const both = (lang) => ({ ...JSON.parse(wasm_bindgen.page_words(lang)), codes: JSON.parse(wasm_bindgen.code_names(lang)) });
            postMessage({ type: "ready", words: { ja: both("ja"), en: both("en") } });
        } else if (message.type === "run") {
            run(message);
        } else if (message.type === "save") {
            save(message.what);
        } else if (message.type === "prepare") {
            tools = new wasm_bindgen.Session(message.lang, "", message.settingsName, message.settingsBytes || new Uint8Array());
            postMessage({ type: "prepared" });
        } else if (message.type === "explain") {
            const explainer = new wasm_bindgen.Session(message.lang, message.asOf, message.settingsName, message.settingsBytes || new Uint8Array());
            postMessage({ type: "explained", text: explainer.explain(message.name, bytesOf(message.file)) });
        }
    } catch (error) {
        postMessage({ type: "error", message: String(error && error.message ? error.message : error) });
    }
};
