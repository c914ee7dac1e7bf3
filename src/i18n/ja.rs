//! 日本語: the default language of everything users read.

use super::{ExplainWords, FeedbackWords, PageWords, SettingsField, SettingsSheet, Subject, Texts};
use crate::config::{ConfigProblem, KpiKind, Place, ValueKind};
use crate::consolidate::{Standing, UnitStatus};
use crate::error::{MatomeError, ReportProblem, UsageProblem};
use crate::findings::{Code, Finding, Reason, Severity, Treatment};
use crate::text::japanese_fiscal_year;

pub const TEXTS: Texts = Texts {
    summary_sheet: "総括",
    chart_sheet: "グラフ",
    submissions_sheet: "提出状況",
    revisions_sheet: "改訂履歴",
    findings_sheet: "チェック結果",
    template_sheet: "提出",
    instructions_sheet: "記入方法",
    as_of: "基準日",
    fiscal_year: "年度",
    unit: "支所",
    unit_label: "支所名",
    group: "区分",
    kpi: "項目",
    counter: "単位",
    target: "年間目標",
    actual: "実績",
    progress: "進捗率",
    previous: "前年度実績",
    previous_to_date: "前年同期",
    previous_ratio: "前年同期比",
    expected_pace: "経過率",
    difference: "差",
    standing: "状況",
    achievement: "達成率",
    total: "合計",
    cumulative: "累計",
    previous_cumulative: "前年累計",
    plan_row: "計画",
    progress_row: "進捗",
    units_header: "支所別",
    file: "ファイル",
    report_date: "報告基準日",
    status: "状態",
    errors: "エラー",
    warnings: "警告",
    severity: "重要度",
    code: "コード",
    location: "場所",
    sheet: "シート",
    cell: "セル",
    month: "月",
    found: "入力値",
    expected: "正しい値",
    treatment: "集計での扱い",
    message: "内容",
    no_findings: "問題は見つかりませんでした。",
    no_revisions: "改訂はありません。",
    months_used: "集計に使った月",
    sent_by: "メール（差出人・日時）",
    superseded: "（後のファイルで差し替え済み）",
    before: "変更前",
    after: "変更後",
    before_file: "変更前のファイル",
    after_file: "変更後のファイル",
    folded_note: "※ 支所別の行は、合計が印刷されるよう非表示にしています（行を再表示すると見られます）。",
    stock_note: "※ 月末時点の累計数を入力（毎月足し上げない項目）",
    page_of: "&P / &N ページ",
    legend: "色: 緑＝経過率どおり、黄＝やや遅れ、赤＝遅れ",
    instructions: &[
        "このブックの記入方法",
        "",
        "1. 「提出」シートの色の付いたセルだけに入力します。ほかのセルは保護されています。",
        "2. 「基準日」に、集計の基準となる日付（例: 2021/6/14）を入力します。",
        "3. 各項目について、その月の件数を半角または全角の数字で入力します。実績がない月は 0 を入力してください。",
        "4. 「※」の付いた項目は、その月末時点の累計数を入力します（毎月の件数ではありません）。",
        "5. まだ来ていない月は空欄のままにします。",
        "6. 合計と進捗率は自動で計算されます。入力しないでください。",
        "7. 行や列を追加・削除しないでください。メモは表の外に書いてください。",
        "8. 保存したら、ファイル名を変えずに本部へ送ってください。",
        "",
        "本部では matome で全支所の報告を集計し、入力もれや食い違いがあれば連絡します。",
    ],
    validation_title: "入力できません",
    validation_message: "0 以上の整数（件数）を入力してください。",
    date_validation_message: "基準日は日付で入力してください（例: 2021/6/14）。",
};

pub const FEEDBACK: FeedbackWords = FeedbackWords {
    file_word: "確認事項",
    cover_sheet: "確認のお願い",
    findings_sheet: "確認事項",
    figures_sheet: "読み取った数値",
    title: "月次報告 確認のお願い",
    reminder_title: "月次報告 提出のお願い",
    unit: "支所",
    report_date: "基準日",
    files: "本部で受け取ったファイル",
    what_to_do: &[
        "お送りいただいた報告を本部で集計したところ、確認していただきたい点がありました。",
        "1. 「確認事項」シートの各行について、ファイル・シート・セルを開いて内容を確認してください。",
        "2. エラーは修正が必要です。警告は、正しければそのままで構いません。",
        "3. 「読み取った数値」シートは、本部が集計に使った数値です。色の付いたセルにはメモで理由を書いています。",
        "4. 修正したら、ファイル名の最後に「(修正)」を付けて本部へ送ってください。",
    ],
    reminder: &[
        "今月の報告がまだ本部に届いていません。",
        "基準日までの各月の件数を記入したブックを、本部へ送ってください。",
        "記入用のブックが見当たらない場合は、本部にお知らせください。",
    ],
    typed_label: "入力された項目名",
    label_cell: "場所",
    figures_note: "本部が集計に使った数値です（空欄は未報告または集計から除外）。",
};

pub const EXPLORER_INSTRUCTIONS: &str = "matome（まとめ）: 支所から届いたファイルを集計します。

使い方: 支所から届いたファイルを入れた年度のフォルダを、この matome.exe のアイコンの上に
ドラッグしてください。フォルダの隣に「<フォルダ名>_進捗表.xlsx」（進捗表）と
「<フォルダ名>_返信」（支所への返信）ができます。支所のファイルをドラッグすると、
そのファイルのチェック結果だけを表示します。
設定ブック（matome設定.xlsx）は、そのフォルダか matome.exe と同じ場所に置くと使われます。

ブラウザで使うときは matome.html を開いてください。";

pub const PAGE: PageWords = PageWords {
    title: "matome 月次集計",
    lead: "支所から届いたファイルのフォルダを選ぶと、この PC の中だけで集計します。ファイルはどこにも送られません。",
    other_language: "English",
    choose_folder: "フォルダを選ぶ",
    choose_files: "ファイルを選ぶ",
    drop_here: "ここにフォルダやファイルをドロップ",
    settings: "設定",
    settings_default: "組み込みの設定（作州津山商工会の例）",
    settings_in_use: "使用中の設定",
    settings_remembered: "（このブラウザに記憶しています）",
    forget_settings: "設定を忘れる",
    choose_settings: "設定ファイル（xlsx・toml）を選ぶ",
    new_settings: "設定ブックを書き出す",
    templates: "支所の報告様式を書き出す",
    next_year: "年度末の進捗表から翌年度の設定を作る",
    as_of: "基準日",
    bad_date: "基準日を日付として読めません（例: 2021-06-14、令和3年6月14日）",
    as_of_hint: "空欄ならファイルの基準日から",
    reading: "読み込み中",
    submissions: "提出状況",
    sent_nothing: "未提出",
    summary: "総括",
    findings: "チェック結果",
    all_units: "すべての支所",
    all_severities: "すべての重要度",
    no_findings: "問題は見つかりませんでした。",
    save_report: "進捗表（xlsx）を保存",
    save_json: "JSON を保存",
    save_feedback: "支所への返信（zip）を保存",
    save_into_folder: "選んだフォルダに保存",
    saved_into_folder: "フォルダに保存しました",
    explain: "読み取り方",
    explain_hint:
        "1 つのファイルを選ぶと、表の位置やどのラベルをどの項目として読んだかを表示します（支所が送る前の確認に）。",
    stopped: "このファイルの読み取り中に止まったため、読まずに続けました",
    password_title: "パスワードで保護されたファイル",
    password_explain: "「{file}」はパスワードで保護されています。パスワードを入れると読み直します。パスワードはこのページの中だけで使い、どこにも保存しません（ページを閉じると忘れます）。",
    password_label: "パスワード",
    password_open: "開く",
    password_skip: "飛ばす",
    password_wrong: "パスワードが違います。もう一度入れてください（支所ごとに違うこともあります）。",
    password_ask: "パスワードを入れる",
    files_not_read: "読んでいないファイル",
    print: "印刷（理事会資料）",
    previous_in_use: "前年度の集計表",
    previous_none: "なし（設定の前年度実績を使います）",
    choose_previous: "前年度の集計表（xlsx）を選ぶ",
    forget_previous: "前年度の集計表を忘れる",
    previous_to_date: "前年同期",
    previous_ratio: "前年比",
    learn_from_forms: "支所の様式から設定を作る",
    pictures: "図",
    picture_progress: "項目ごとの進捗（縦線は経過率）",
    picture_grid: "支所ごとの進捗",
    picture_cumulative: "月ごとの累計:",
    pace: "経過率",
    this_year_cumulative: "今年度の累計",
    plan_by_month: "目標の月割り",
    last_year_cumulative: "前年度の累計",
    filter_unit: "チェック結果を支所で絞り込む",
    filter_severity: "チェック結果を重要度で絞り込む",
    columns: [
        "支所",
        "ファイル",
        "基準日",
        "状況",
        "項目",
        "目標",
        "実績",
        "進捗",
        "状況",
        "重要度",
        "コード",
        "ファイル",
        "シート",
        "セル",
        "内容",
    ],
};

pub const EXPLAIN: ExplainWords = ExplainWords {
    brackets: ("（", "）"),
    table: "表",
    layouts: [
        "月が横に並ぶ表",
        "月が縦に並ぶ表",
        "月ごとのシート",
        "会員の matome 集計表",
        "1 行に 1 か月・1 項目の表（システムの出力など）",
    ],
    month_headings: "月の見出し",
    totals: "合計・小計の列",
    unit: "支所名",
    report_date: "基準日",
    fiscal_year: "年度",
    items: "項目",
    rules: ["項目名どおり", "別名", "単位の語を除いて", "番号を除いて", "大項目と小項目を合わせて", "項目 ID で"],
    months_at: "各月のセル",
    cumulative_at: "累計の行",
    not_read: "読まなかったもの",
    sheet_reasons: [
        "グラフやマクロのシート",
        "開けないシート",
        "表がありません",
        "同じ項目で数値の違う表（F010）",
        "非表示で、表示されているシートと数値の違う表（F010）",
        "ほかのシートを合計した集計シート（二重に数えないため集計しません）",
    ],
    other_year_sheet: "のシート（今年度ではないので集計しません。F012）",
    unknown_label: "どの項目とも一致しない行（R002）",
    row_without_numbers: "数値のない行",
    breakdown_row: "上の項目の内訳の行（集計しません）",
    long_columns: "読んだ列",
    long_column_names: ["年月", "支所名", "項目", "実績"],
    not_found: "見つかりません",
    unreadable: "このファイルは読めませんでした",
};

pub fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "エラー",
        Severity::Warning => "警告",
        Severity::Info => "情報",
    }
}

pub fn treatment(treatment: Treatment) -> &'static str {
    match treatment {
        Treatment::None => "—",
        Treatment::Excluded => "集計から除外",
        Treatment::TakenAsZero => "0 として集計",
        Treatment::Recomputed => "使わず再計算",
        Treatment::FileSkipped => "ファイルごと除外",
        Treatment::UsedAsReported => "報告どおり集計",
        Treatment::Converted => "単位を換算して集計",
        Treatment::EarlierValue => "前の値で集計",
    }
}

pub fn standing(standing: Standing) -> &'static str {
    match standing {
        Standing::OnPace => "順調",
        Standing::SlightlyBehind => "やや遅れ",
        Standing::FarBehind => "遅れ",
    }
}

pub fn status(status: UnitStatus) -> &'static str {
    match status {
        UnitStatus::Clean => "問題なし",
        UnitStatus::Warnings => "警告あり",
        UnitStatus::Errors => "エラーあり",
        UnitStatus::Missing => "未提出",
    }
}

/// What became of a value that could not be used: left out, or the month
/// counted from an earlier file.
fn not_used(f: &Finding, s: &Subject) -> String {
    match f.treatment {
        Treatment::EarlierValue => {
            format!("この値は使わず、前のファイル「{}」の {} で集計しました。", s.previous_file, s.previous_value)
        }
        _ => "集計から除外しました。".into(),
    }
}

/// What a branch is asked to do with a file matome cannot read.
const SAVE_AS_XLSX: &str = "Excel か LibreOffice で開き、.xlsx で保存し直してください。";

/// The findings about a whole file or sheet (F…).
fn file_message(f: &Finding, s: &Subject) -> String {
    let &Subject { unit, found, expected, .. } = s;
    match f.code {
        Code::Unreadable => unreadable(f, expected),
        Code::UnitUnidentified => "どの支所のファイルか分かりません。「支所名」欄に支所名を入力してください。".into(),
        Code::UnitNameMismatch => {
            format!("支所名欄は「{found}」ですが、ファイル名は「{expected}」です。{unit}として集計しました。")
        }
        Code::UnknownUnit => format!("支所名「{found}」は設定にありません。支所名を確認してください。"),
        Code::NotSubmitted if !found.is_empty() => {
            format!("{unit}のファイルが届いていません（{found} は表計算ファイルではないため読んでいません）。")
        }
        Code::NotSubmitted => format!("{unit}のファイルが届いていません。"),
        Code::NotRead => not_read(f, found),
        Code::OpenedWithPassword => opened_with_password(found),
        Code::WrongFiscalYear => format!("{found}のファイルです（{expected}ではありません）。集計していません。"),
        Code::NoTable => no_table(f, found, expected),
        Code::OwnReport => "matome が作成した集計ファイルなので読み飛ばしました。".into(),
        Code::MemberErrors => {
            format!("{unit}の報告にはエラーが {found} 件残っています。数値は確定していない可能性があります。")
        }
        Code::DisagreeingSheet if f.reason == Some(Reason::HiddenSheet) => format!(
            "非表示のシート「{found}」にも同じ項目の表がありますが、数値が異なります。表示されているシート「{expected}」の表を使いました。どちらが正しいか確認してください。"
        ),
        Code::OtherYearSheets => format!(
            "ほかの年度のシート（{found}）は集計していません。今年度のシート「{expected}」を集計しました。"
        ),
        Code::DisagreeingSheet => format!(
            "シート「{found}」にも同じ項目の表がありますが、数値が異なります。項目の多いシート「{expected}」の表を使いました。どちらが正しいか確認してください。"
        ),
        _ => unreachable!("only the file findings are worded here"),
    }
}

pub fn message(f: &Finding, s: &Subject) -> String {
    let &Subject { unit, kpi, ref what, found, expected, file, previous_file, previous_value, suggestion } = s;
    match f.code {
        Code::Unreadable
        | Code::UnitUnidentified
        | Code::UnitNameMismatch
        | Code::UnknownUnit
        | Code::NotSubmitted
        | Code::NotRead
        | Code::OpenedWithPassword
        | Code::WrongFiscalYear
        | Code::NoTable
        | Code::OwnReport
        | Code::MemberErrors
        | Code::DisagreeingSheet
        | Code::OtherYearSheets => file_message(f, s),
        Code::BreakdownRows => {
            format!("内訳の行（{found}）は上の項目の内数として、集計していません（{expected} 行）。")
        }
        Code::RepeatedEntry => format!(
            "{what} が {expected} にもあります（同じ支所・項目・月が二度）。上の行の値を使いました。どちらが正しいか確認してください。"
        ),
        Code::MissingKpi => format!("「{kpi}」の行がありません。"),
        Code::UnknownLabel if f.reason == Some(Reason::NotReportedByUnit) => {
            format!("「{found}」は{unit}の報告項目ではないため集計していません。")
        }
        Code::UnknownLabel if !suggestion.is_empty() => {
            format!("項目名「{found}」が設定のどの項目とも一致しません。「{suggestion}」の誤りではありませんか。")
        }
        Code::UnknownLabel => {
            format!("項目名「{found}」が設定のどの項目とも一致しません。誤字がないか確認してください。")
        }
        Code::DuplicateKpi if f.severity == Severity::Error => {
            format!("「{kpi}」が {expected} と二重に報告され、値が異なります。最初の行を使いました。")
        }
        Code::DuplicateKpi => format!("「{kpi}」が {expected} と二重に報告されています（値は同じ）。"),
        Code::BlankDue if f.treatment == Treatment::TakenAsZero => {
            format!("{what} が空欄です。0 として集計しました。実績がなければ 0 を入力してください。")
        }
        Code::BlankDue => format!("{what} が空欄です。直前の月の値を使いました。"),
        Code::NotANumber => format!("{what} に数値でない「{found}」が入力されています。{}", not_used(f, s)),
        Code::ErrorValue => format!("{what} がエラー値 {found} です。{}", not_used(f, s)),
        Code::FormulaWithoutValue if !f.also.is_empty() => {
            let first: Vec<&str> = f.also.iter().take(3).map(String::as_str).collect();
            let more = if f.also.len() > 3 { " ほか" } else { "" };
            format!(
                "{what} の数式 {found} など {} 個の数式（{}{more}）に計算結果が保存されておらず、ブックの中の値から計算することもできませんでした。集計から除外しました。Excel で開いて保存し直してください。",
                f.also.len() + 1,
                first.join("、")
            )
        }
        Code::FormulaWithoutValue if f.treatment == Treatment::EarlierValue => format!(
            "{what} の数式 {found} に計算結果が保存されていません。{}Excel で開いて保存し直してください。",
            not_used(f, s)
        ),
        Code::FormulaWithoutValue => {
            format!("{what} の数式 {found} に計算結果が保存されていません。Excel で開いて保存し直してください。")
        }
        Code::Negative => format!("{what} が負の数 {found} です。{}", not_used(f, s)),
        Code::Fraction => format!("{what} が整数でない {found} です。{}", not_used(f, s)),
        Code::FutureMonth => {
            format!("{what} は基準日より後の月なのに {found} が入力されています。集計から除外しました。")
        }
        Code::Converted => format!("{what} の「{found}」を {expected} に換算して集計しました。"),
        Code::RowTotalMismatch => format!("{what} の合計欄 {found} が各月の合計 {expected} と一致しません。"),
        Code::CumulativeMismatch => format!("{what} の累計 {found} が正しくありません（正しくは {expected}）。"),
        Code::ProgressMismatch => format!("{what} の進捗率 {found} が実績÷目標 {expected} と一致しません。"),
        Code::StockDecreased => {
            format!("{what} が {found} に減っています（前月まで {expected}）。累計数は減らないはずです。")
        }
        Code::RatioExceedsOne => {
            format!("{kpi} の分子が分母を超えています（{found}）。この支所を率の計算から除外しました。")
        }
        Code::Revised => format!("{what}: {previous_value} → {found}（{previous_file} → {file}）。新しいファイルの値で集計しました。"),
        Code::ConflictingFiles => format!(
            "{what}: 「{previous_file}」では {previous_value}、このファイルでは {found} です。基準日が同じで、\
             どちらのファイル名にも訂正の印がありません。ファイル名の順で後のこのファイルの {found} を使いました。どちらが正しいか確認してください。"
        ),
    }
}

/// F008, saying what came closest to a table.
fn no_table(f: &Finding, found: &str, expected: &str) -> String {
    match f.reason {
        Some(Reason::FewMonths) => {
            let row = f.location.cell.map_or(0, |c| c.row + 1);
            format!("{row}行目に月の見出しが{found}つしかありません（{expected}つ以上必要です）。4月〜3月の見出しを並べてください。")
        }
        Some(Reason::NoMonthHeader) => format!(
            "項目名（「{found}」など {expected} 個）は見つかりましたが、その上に月の見出し行（4月、5月 …）がありません。"
        ),
        Some(Reason::NoActualColumn) => format!(
            "月の見出しの下に「{found}」の列しかなく、実績の列がありません。実績の列に「実績」と見出しを付けてください。"
        ),
        _ => "月の見出し（4月、5月 …）と項目名の並んだ表が見つかりません。".into(),
    }
}

/// How a password is given, in each front end.
const GIVE_PASSWORD: &str =
    "パスワードを指定すると読めます（コマンドでは聞かれたときに入力、ページではパスワードの画面、matome.exe では黒い画面に入力）。";

/// F014: a protected file opened, so that headquarters sees who still
/// protects theirs.
fn opened_with_password(found: &str) -> String {
    let what =
        if found == "zip" { "パスワード付きの zip" } else { "パスワードで保護されたファイル" };
    format!("{what}を、指定されたパスワードで開いて読みました。")
}

/// F013, by what the file is.
fn not_read(f: &Finding, found: &str) -> String {
    if f.reason == Some(Reason::NothingInside) {
        return "zip・メールの中に読めるファイルがありません。".into();
    }
    let what = match found {
        "pdf" => "PDF",
        "word" => "文書（Word など）",
        "picture" => "画像・動画",
        "text" => "表ではないテキスト",
        _ => "表計算ファイルではないファイル",
    };
    format!("{what}なので読んでいません。数値は表計算ファイル（xlsx・xls・ods・csv）で送ってもらってください。")
}

/// F001, by the reason the file could not be read.
fn unreadable(f: &Finding, expected: &str) -> String {
    match f.reason {
        Some(Reason::TooLarge) => "ファイルが大きすぎるため読みませんでした（matome が一度に読む大きさの上限を超えています）。".into(),
        Some(Reason::Unsafe) => {
            "ファイルの中に、読むと際限なく膨らむ細工があるため読みませんでした。作成元に確認してください。".into()
        }
        Some(Reason::CannotOpen) => {
            "ファイルを開けませんでした。ほかのプログラム（Excel など）で開いていないか、読み取りの権限があるか確かめてください。".into()
        }
        Some(Reason::TooDeep) => {
            "zip やメールが何重にも入れ子になっているため、ここから先は開いていません。中のファイルを取り出して入れてください。".into()
        }
        Some(Reason::Empty) => "空のファイルです（0 バイト）。保存し直して送ってもらってください。".into(),
        // The password opens it here, with nothing resaved.
        Some(Reason::Encrypted) => format!("パスワードで保護されているため開けません。{GIVE_PASSWORD}"),
        Some(Reason::WrongPassword) => {
            "パスワードが違います（指定されたパスワードでは開けませんでした）。支所に確かめてください。".into()
        }
        Some(Reason::EncryptedUnsupported) => {
            "この形式のパスワード保護は matome では外せません。Excel で開いてパスワードを外し、.xlsx で保存し直してください。".into()
        }
        Some(Reason::Html) => {
            "表計算ファイルではなく Web ページ（HTML）です。Excel 形式で保存し直してください。".into()
        }
        Some(Reason::NotASpreadsheet) => "表計算ファイル（xlsx・xls・ods）ではありません。".into(),
        Some(Reason::Damaged) => {
            "ファイルの構造が壊れているため読めません。開いて保存し直してもらってください。".into()
        }
        Some(Reason::OldExcel) => format!("古い Excel 形式（Excel 4.0 以前）です。{SAVE_AS_XLSX}"),
        Some(Reason::UnknownCodepage) => {
            format!("文字コード（コードページ {expected}）に対応していないため読めません。{SAVE_AS_XLSX}")
        }
        _ => format!("matome ではこのファイルを読み取れませんでした。{SAVE_AS_XLSX}"),
    }
}

pub fn settings_sheet(sheet: SettingsSheet) -> &'static str {
    match sheet {
        SettingsSheet::Organisation => "組織",
        SettingsSheet::Groups => "区分",
        SettingsSheet::Items => "項目",
        SettingsSheet::Targets => "目標",
        SettingsSheet::LastYear => "前年度実績",
        SettingsSheet::Guide => "使い方",
    }
}

pub fn settings_field(field: SettingsField) -> (&'static str, &'static str) {
    use SettingsField::*;
    match field {
        OrganisationName => ("組織名", "報告書の表題と各シートの見出しに出る名前"),
        OrganisationNameEn => ("組織名（英語）", "--lang en で出力するときの名前。空欄なら組織名"),
        ReportTitle => ("報告書の表題", "総括シートの表題（例: 主要事業 進捗状況）"),
        ReportTitleEn => ("報告書の表題（英語）", "--lang en で出力するときの表題"),
        FiscalYear => ("年度", "「令和4年度」または 2022（年度が始まる年）"),
        StartMonth => ("年度の開始月", "1〜12。4 なら 4月〜翌3月"),
        UnitWord => {
            ("報告単位の呼び方", "支所・店舗・事業所・営業所など。メッセージと見出しに使います。空欄なら「支所」")
        }
        UnitWordEn => ("報告単位の呼び方（英語）", "branch, store など。--lang en の出力に使います。空欄なら unit"),
        Ahead => ("順調の基準", "進捗率 ÷ 経過率 がこの値以上なら緑（例: 1.0）"),
        Behind => ("やや遅れの基準", "この値以上なら黄、未満なら赤（例: 0.8）"),
        MaxFileBytes => ("ファイルの上限（バイト）", "これより大きいファイルは開きません"),
        MaxCells => ("シートの上限（セル数）", "これより多くのセルを持つシートは読みません"),
        Setting => ("設定", "設定する項目"),
        Entry => ("値", "ここに入力します"),
        Meaning => ("説明", "設定の意味"),
        Id => {
            ("ID", "設定の中だけで使う記号（英数字）。空欄なら名前を使います。変えると前年度の値などとの対応が切れます")
        }
        Name => ("名称", "報告書とメッセージに出る名前"),
        NameEn => ("名称（英語）", "--lang en で出力するときの名前"),
        Aliases => ("別名", "ファイル名やセルでの別の書き方。複数あれば「、」で区切ります"),
        Group => ("区分", "項目が載る報告書のシート（「区分」シートの名称から選びます）"),
        Kind => {
            ("種類", "月々の件数・月末の数・合計・差・割合・残高のどれか。合計・差・割合・残高は matome が計算します")
        }
        Value => ("値の種類", "件数（0以上の整数）・金額（小数可）・増減（マイナス可）"),
        MoneyUnit => ("金額の単位", "金額のとき: 円・千円・万円・百万円・億円"),
        Counter => ("単位", "件・社・人など、数の後ろに付ける語"),
        Reporters => ("報告する単位", "この項目を報告する単位の名称を「、」区切りで。空欄なら全部"),
        Parts => ("計算のもと", "合計・差・割合・残高の計算に使う項目のIDを「、」区切りで（上の行の項目だけ）"),
        Opening => ("期首の数", "残高のとき: 年度はじめの数"),
        Monotonic => ("減らない", "「はい」なら、前月より減ったときに知らせます"),
        Whole => ("全体目標", "組織全体の年間目標。単位ごとの目標を入れるときは空欄に"),
        UnitsSum => ("単位の計", "単位ごとの目標の合計（自動計算）"),
        Previous => ("前年度実績", "前年度の年間実績"),
        UnitTarget => ("", "この単位の年間目標。全体目標を入れるときは空欄に"),
        PreviousMonth => ("", "前年度のこの月の数（月末の数の項目は月末時点の数）"),
    }
}

pub fn kind_name(kind: KpiKind) -> &'static str {
    match kind {
        KpiKind::Flow => "月々の件数",
        KpiKind::Stock => "月末の数",
        KpiKind::Sum => "合計",
        KpiKind::Difference => "差",
        KpiKind::Ratio => "割合",
        KpiKind::Balance => "残高",
    }
}

pub fn value_kind_name(value: ValueKind) -> &'static str {
    match value {
        ValueKind::Count => "件数",
        ValueKind::Amount => "金額",
        ValueKind::Signed => "増減",
    }
}

/// An error that stops matome, as a sentence.
pub fn error(error: &MatomeError) -> String {
    match error {
        MatomeError::Config { path, place, problem } => config_error(&path.display().to_string(), place, problem),
        MatomeError::InputMissing { path } => format!("「{}」というファイルやフォルダはありません。", path.display()),
        MatomeError::OutputIsInput { path } => {
            format!(
                "出力先「{}」は読み込むファイルの一つです。上書きしないよう、別の名前を -o で指定してください。",
                path.display()
            )
        }
        MatomeError::OutputIsFolder { path } => {
            format!("出力先「{}」はフォルダです。ファイル名（例: 集計.xlsx）を -o で指定してください。", path.display())
        }
        MatomeError::WouldReplace { path } => {
            format!("「{}」はすでにあります。置き換えるときは --force を付けてください。", path.display())
        }
        MatomeError::OpenElsewhere { path } => format!(
            "{} は Excel で開かれています。閉じてからもう一度実行してください。",
            path.file_name().map_or(path.display().to_string(), |n| n.to_string_lossy().into_owned())
        ),
        MatomeError::Write { path, message } => format!("「{}」に書き込めません（{message}）。", path.display()),
        MatomeError::UnknownUnit { name } => {
            format!("「{name}」は設定にない名前です。設定の名称か ID を指定してください。")
        }
        MatomeError::Usage(problem) => format!("{}使い方は matome --help で確かめてください。", usage(problem)),
        MatomeError::ExplainOneFile => "--explain にはファイルを一つだけ指定してください。".to_string(),
        MatomeError::NoForms { inputs, .. } => format!(
            "{} に、月の見出し（4月、5月 …）と項目名の並んだ様式が見つかりません。",
            inputs.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join("、")
        ),
        MatomeError::Report { path, problem } => {
            let file = path.display();
            match problem {
                ReportProblem::Unreadable(why) => format!("報告書「{file}」を読めません（{why}）。"),
                ReportProblem::NotMatomeReport => format!("「{file}」は matome が書いた集計表ではありません。"),
                ReportProblem::OlderReport => {
                    format!("「{file}」は古い matome の集計表で、年度の数字を持っていません。今の matome で集計し直してください。")
                }
                ReportProblem::WrongYear { expected, found } => format!(
                    "「{file}」は{}の集計表です。{}の集計表を指定してください。",
                    japanese_fiscal_year(*found),
                    japanese_fiscal_year(*expected)
                ),
            }
        }
    }
}

/// 「設定の「目標」シート C7 の値「六百x」は数値ではありません。（matome設定.xlsx）」
fn config_error(file: &str, place: &Place, problem: &ConfigProblem) -> String {
    let at = match place {
        Place::Whole => format!("設定ファイル「{file}」"),
        Place::Line(line) => format!("設定ファイル「{file}」の {line} 行目"),
        Place::Cell { sheet, cell } if cell.is_empty() => format!("設定の「{sheet}」シート"),
        Place::Cell { sheet, cell } => format!("設定の「{sheet}」シート {cell}"),
    };
    let in_workbook = matches!(place, Place::Cell { .. });
    let sentence = match problem {
        ConfigProblem::NotNumber(value) => format!("{at} の値「{value}」は数値ではありません。"),
        ConfigProblem::NotWhole(value) => format!("{at} の値「{value}」は 0 以上の整数ではありません。"),
        ConfigProblem::NotYear(value) => format!("{at} の値「{value}」は年度ではありません（例: 令和4年度、2022）。"),
        ConfigProblem::NotChoice(value, choices) => {
            format!("{at} の値「{value}」は選べる値ではありません（{}）。", choices.join("・"))
        }
        ConfigProblem::UnknownUnitName(value) => format!("{at} の「{value}」は単位のシートにない名前です。"),
        ConfigProblem::UnknownGroupName(value) => format!("{at} の区分「{value}」は「区分」シートにありません。"),
        ConfigProblem::UnknownItem(value) => format!("{at} の項目「{value}」は「項目」シートにありません。"),
        ConfigProblem::Required => format!("{at} が空欄です。入力してください。"),
        ConfigProblem::MissingSheet => format!("{at}がありません。matome init で作った設定と比べてください。"),
        ConfigProblem::MissingHeading(heading) => format!("{at}に見出し「{heading}」がありません。"),
        other => format!("{at}: {}。", config_problem(other)),
    };
    if in_workbook {
        format!("{sentence}（{file}）")
    } else {
        sentence
    }
}

fn config_problem(problem: &ConfigProblem) -> String {
    match problem {
        ConfigProblem::Unreadable(why) => format!("読めません（{why}）"),
        ConfigProblem::Syntax { message, near } => format!("書き方に誤りがあります（{}）", toml_detail(message, near)),
        ConfigProblem::NotSettingsWorkbook(why) => format!("matome の設定ブックとして開けません（{why}）"),
        ConfigProblem::StartMonth => "年度の開始月は 1〜12 で指定してください".into(),
        ConfigProblem::NoUnits => "報告する単位（支所など）が一つもありません".into(),
        ConfigProblem::UnitTwice(id) => format!("単位の ID「{id}」が二度使われています"),
        ConfigProblem::UnitNameTwice { name, first, second } => {
            format!("名前「{name}」が単位「{first}」と「{second}」の両方に付いています")
        }
        ConfigProblem::GroupTwice(id) => format!("区分の ID「{id}」が二度使われています"),
        ConfigProblem::KpiTwice(id) => format!("項目の ID「{id}」が二度使われています"),
        ConfigProblem::UnknownGroup { kpi, group } => format!("項目「{kpi}」の区分「{group}」が定義されていません"),
        ConfigProblem::LabelTwice { label, first, second } => {
            format!("名称「{label}」が項目「{first}」と「{second}」の両方に付いています")
        }
        ConfigProblem::UnknownUnit { kpi, unit } => format!("項目「{kpi}」が挙げる単位「{unit}」が定義されていません"),
        ConfigProblem::TargetTwice(kpi) => {
            format!("項目「{kpi}」に全体目標と単位ごとの目標の両方があります。どちらか一方にしてください")
        }
        ConfigProblem::MoneyUnit(kpi) => {
            format!("項目「{kpi}」の金額の単位は 円・千円・万円・百万円・億円 のどれかです")
        }
        ConfigProblem::PreviousMonths(kpi) => format!("項目「{kpi}」の前年度の月別実績は 12 か月分必要です"),
        ConfigProblem::PartsCount(kpi) => {
            format!("項目「{kpi}」の計算のもとの数が種類に合いません（合計は 1 つ以上、差と割合は 2 つ、残高は 1 つ）")
        }
        ConfigProblem::PartNotAbove { kpi, part } => {
            format!("項目「{kpi}」の計算のもと「{part}」は、それより上に定義された項目でなければなりません")
        }
        ConfigProblem::NoOpening(kpi) => format!("項目「{kpi}」は残高なので期首の数が必要です"),
        ConfigProblem::NotNumber(v) | ConfigProblem::NotWhole(v) | ConfigProblem::NotYear(v) => {
            format!("値「{v}」が使えません")
        }
        ConfigProblem::NotChoice(v, _)
        | ConfigProblem::UnknownUnitName(v)
        | ConfigProblem::UnknownGroupName(v)
        | ConfigProblem::UnknownItem(v) => format!("「{v}」が使えません"),
        ConfigProblem::Required => "空欄です".into(),
        ConfigProblem::MissingSheet => "シートがありません".into(),
        ConfigProblem::MissingHeading(heading) => format!("見出し「{heading}」がありません"),
    }
}

/// The TOML parser's commonest complaints in Japanese; anything else as it
/// says it, with the text it is about.
fn toml_detail(message: &str, near: &str) -> String {
    let first = message.lines().next().unwrap_or(message);
    let named = |prefix: &str| first.strip_prefix(prefix).map(|rest| rest.split('`').next().unwrap_or("").to_string());
    if first.starts_with("duplicate key") {
        format!("「{near}」が二度書かれています")
    } else if let Some(key) = named("unknown field `") {
        format!("「{key}」という設定はありません")
    } else if let Some(key) = named("missing field `") {
        format!("必要な設定「{key}」がありません")
    } else if first.starts_with("invalid type") {
        format!("「{near}」の値の種類が違います: {first}")
    } else if near.is_empty() {
        first.to_string()
    } else {
        format!("「{near}」: {first}")
    }
}

fn usage(problem: &UsageProblem) -> String {
    match problem {
        UsageProblem::UnknownArgument(arg) => format!("「{arg}」という引数はありません。"),
        UsageProblem::UnknownCommand(name) => format!("「{name}」というコマンドはありません。"),
        UsageProblem::BadValue { arg, value } => format!("{arg} の値「{value}」は使えません。"),
        UsageProblem::Missing(arg) => format!("必要な引数 {arg} がありません。"),
        UsageProblem::NoCommand => "コマンド（consolidate、check など）を指定してください。".to_string(),
        UsageProblem::Other(text) => format!("引数が正しくありません（{text}）。"),
    }
}

/// The help of a command (`arg` empty) or of one of its arguments; `*`
/// for what every command has. None leaves the English of the code.
pub fn help_text(command: &str, arg: &str) -> Option<&'static str> {
    let text = match (command, arg) {
        ("", "") => "支所から届いた月次報告の Excel を一つの進捗表にまとめ、足りないセル・誤ったセルをすべて知らせます",
        ("consolidate", "") => "届いたファイルのフォルダを集計して、進捗表（Excel）を書きます",
        ("check", "") => "届いたファイルを確かめて、チェック結果だけを表示します",
        ("template", "") => "各支所が記入する報告様式（Excel）を書きます",
        ("init", "") => {
            "設定ブック（組織・支所・項目・目標・前年度実績）を書きます。Excel で記入して --config に渡します"
        }
        ("new-year", "") => "今年度の設定と年度末の集計表から、翌年度の設定を書きます",
        ("config", "") => "設定を TOML または設定ブック（xlsx）で表示・書き出しします",
        (_, "verbose") => "詳しい記録を表示します（-v、-vv）",
        (_, "quiet") => "エラーだけを表示します",
        (_, "lang") => "表示と出力の言語: ja（日本語、既定）または en（英語）",
        (_, "help") => "この説明を表示します",
        (_, "version") => "版を表示します",
        ("consolidate", "dir") => "届いたファイルのフォルダ（中のフォルダも探します）",
        ("consolidate", "output") => "書き出す進捗表のファイル名",
        ("consolidate", "json") => "数字とチェック結果を JSON でも書き出します",
        ("consolidate", "previous") => {
            "前年度の matome の集計表。前年度実績と前年同期比に使います（設定の前年度実績が優先）"
        }
        ("new-year", "config") => "今年度の設定（TOML または設定ブック）。省略すると組み込みの設定",
        ("new-year", "report") => "今年度の年度末の集計表（matome consolidate が書いたもの）",
        ("new-year", "output") => "翌年度の設定（既定: matome設定_令和4年度.xlsx など。名前が .toml なら TOML）",
        ("init", "output") => "書き出す設定ブック（既定: matome設定.xlsx）",
        ("init", "config") => "この設定をもとに作ります（省略すると組み込みの設定）",
        ("init", "from") => "組織で使っている様式（記入済みでも空でも。ファイルかフォルダ）から設定を読み取ります",
        ("config", "config") => "変換する設定（TOML または設定ブック）。省略すると組み込みの設定",
        ("config", "format") => "書き出す形式: toml または xlsx（既定: -o の拡張子から。表示は toml）",
        ("config", "output") => "書き出すファイル。省略すると TOML を表示します",
        (_, "config") => "組織の設定（TOML または設定ブック）。省略すると組み込みの設定",
        (_, "as_of") => "基準日（例: 2021-06-14、令和3年6月14日）。省略するとファイル中の最新の日付",
        (_, "feedback") => {
            "エラーのある支所ごとに、支所へ送るチェック結果のブックを書くフォルダ（未提出の支所には催促）"
        }
        ("check", "inputs") => "確かめるフォルダまたはファイル（既定: 今のフォルダ）",
        ("check", "format") => "表示の形式: text（既定）または json",
        ("check", "deny_warnings") => "警告だけでも終了コードを 1 にします",
        ("check", "explain") => {
            "ファイル一つの読み方（表の位置、ラベルごとの項目、読まなかったもの）とチェック結果を表示します"
        }
        ("template", "output") => "様式を書き出すフォルダ（既定: 今のフォルダ）",
        ("template", "unit") => "この支所の様式だけを書きます（名称または ID）",
        (_, "force") => "同じ名前のファイルがあれば置き換えます",
        (_, "passwords") => "パスワード付きのブックや zip のパスワード（複数あれば --password をその数だけ）。ほかの利用者にもプロセス一覧で見えるため、聞かれたときに入力するか --password-file・MATOME_PASSWORD を使ってください",
        (_, "password_file") => "試すパスワードを一行に一つずつ書いたファイル",
        _ => return None,
    };
    Some(text)
}
