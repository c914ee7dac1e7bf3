//! `--feedback DIR`: a workbook for each unit with something to fix, read
//! back as the branch will open it; a reminder for a unit that sent nothing.

mod common;

use std::path::Path;

use common::*;

fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

#[test]
fn the_three_units_with_errors_each_get_a_workbook_to_mail() {
    let out = tempfile::tempdir().unwrap();
    let feedback = out.path().join("確認事項");
    let (status, _) =
        consolidate_into(&samples_dir(), out.path(), "2021-06-14", &["--feedback", feedback.to_str().unwrap()]);
    assert_eq!(status, 1);
    // 本部 and 久米 have nothing to fix and get none.
    assert_eq!(
        names(&feedback),
        ["加茂_確認事項_2021-06-14.xlsx", "勝北_確認事項_2021-06-14.xlsx", "奈義_確認事項_2021-06-14.xlsx"]
    );
    let book = feedback.join("勝北_確認事項_2021-06-14.xlsx");
    let cover = read_sheet(&book, "確認のお願い");
    assert_eq!(text_at(&cover, 2, 1), "勝北");
    assert_eq!(text_at(&cover, 3, 1), "令和3年6月14日");
    assert_eq!(text_at(&cover, 5, 0), "エラー 1　警告 0");
    let findings = read_sheet(&book, "確認事項");
    assert_eq!(
        (1..7).map(|c| text_at(&findings, 1, c)).collect::<Vec<_>>(),
        ["K001", "国の3共済", "", "勝北支所_6月分(修正).xlsx", "提出", "P32"]
    );
    assert_eq!(text_at(&findings, 1, 9), "国の3共済 の合計欄 1 が各月の合計 0 と一致しません。");
    // The figures as read: 巡回件数 45, 44, 24 from 提出!B7; the flagged total coloured with its note.
    let figures = read_sheet(&book, "読み取った数値");
    let visits = find_row(&figures, 0, "巡回件数");
    assert_eq!(text_at(&figures, visits, 2), "勝北支所_6月分(修正).xlsx 提出!B7");
    assert_eq!([3, 4, 5, 15].map(|c| number_at(&figures, visits, c)), [45.0, 44.0, 24.0, 113.0]);
    let kyosai = find_row(&figures, 0, "国の3共済");
    let total_cell = format!("P{}", kyosai + 1);
    let comments = xlsx_part(&book, "xl/comments1.xml");
    assert!(comments.contains(&format!("ref=\"{total_cell}\"")), "{comments}");
    assert!(comments.contains("国の3共済 の合計欄 1 が各月の合計 0 と一致しません。"));
    // An unflagged total has another fill (the totals' shade).
    let fill = cell_fill(&book, "xl/worksheets/sheet3.xml", &total_cell);
    let plain_fill = cell_fill(&book, "xl/worksheets/sheet3.xml", &format!("P{}", visits + 1));
    assert_ne!(fill, plain_fill, "the flagged total is coloured");

    // The same inputs give the same bytes.
    let again = tempfile::tempdir().unwrap();
    let feedback_again = again.path().join("確認事項");
    consolidate_into(&samples_dir(), again.path(), "2021-06-14", &["--feedback", feedback_again.to_str().unwrap()]);
    for name in names(&feedback) {
        assert!(
            std::fs::read(feedback.join(&name)).unwrap() == std::fs::read(feedback_again.join(&name)).unwrap(),
            "{name}"
        );
    }
}

#[test]
fn a_unit_that_sent_nothing_gets_a_reminder_on_a_folder_only() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("in");
    std::fs::create_dir(&inputs).unwrap();
    for name in ["本部_6月分.xlsx", "久米_R3.6報告.xlsx"] {
        std::fs::copy(samples_dir().join(name), inputs.join(name)).unwrap();
    }
    let feedback = dir.path().join("fb");
    let output =
        matome(&["check", inputs.to_str().unwrap(), "--as-of", "2021-06-14", "--feedback", feedback.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        names(&feedback),
        ["加茂_確認事項_2021-06-14.xlsx", "勝北_確認事項_2021-06-14.xlsx", "奈義_確認事項_2021-06-14.xlsx"]
    );
    let reminder = feedback.join("加茂_確認事項_2021-06-14.xlsx");
    let workbook = xlsx_part(&reminder, "xl/workbook.xml");
    assert_eq!(workbook.matches("<sheet ").count(), 1, "one page");
    let cover = read_sheet(&reminder, "確認のお願い");
    assert_eq!(text_at(&cover, 0, 0), "作州津山商工会 令和3年度 月次報告 提出のお願い");
    assert_eq!(text_at(&cover, 5, 0), "今月の報告がまだ本部に届いていません。");
    // A branch checking its own clean file gets nothing to mail.
    let single = dir.path().join("single");
    let output = matome(&[
        "check",
        inputs.join("本部_6月分.xlsx").to_str().unwrap(),
        "--as-of",
        "2021-06-14",
        "--feedback",
        single.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(names(&single), Vec::<String>::new());
}
