//! Formulas saved without their results (openpyxl and many web exporters
//! store the formula only), worked out from the workbook's own cells:
//! references to cells of any of its sheets, + − × ÷, SUM over cells and
//! ranges, numbers and parentheses. Anything else (other functions, text,
//! errors, a cycle) is left unworked, for the checker to name.

use std::collections::HashMap;

use calamine::{Data, Range};

/// How deep references may chain, and how many cells one workbook's
/// formulas may visit all told: a crafted file cannot make this spin.
const MAX_DEPTH: usize = 32;
const MAX_VISITS: usize = 200_000;

/// A sheet's values and formulas (absolute positions, as calamine keeps).
pub struct SheetCells {
    pub values: Range<Data>,
    pub formulas: Option<Range<String>>,
}

/// Loads a sheet's cells by its name (`None`: no such sheet, or unreadable).
type LoadSheet<'a> = Box<dyn FnMut(&str) -> Option<SheetCells> + 'a>;

/// The workbook's cells as formulas need them: sheets loaded on first
/// reference by `load`, each cell worked out once.
pub struct Evaluator<'a> {
    load: LoadSheet<'a>,
    sheets: HashMap<String, Option<SheetCells>>,
    worked: HashMap<(String, u32, u32), Option<f64>>,
    visits: usize,
}

impl<'a> Evaluator<'a> {
    pub fn new(load: impl FnMut(&str) -> Option<SheetCells> + 'a) -> Self {
        Evaluator { load: Box::new(load), sheets: HashMap::new(), worked: HashMap::new(), visits: 0 }
    }

    /// The value of `formula` (with or without its `=`), written on `sheet`.
    pub fn evaluate(&mut self, sheet: &str, formula: &str) -> Option<f64> {
        let mut parser =
            Parser { text: formula.trim_start_matches('=').chars().collect(), at: 0, sheet: sheet.to_string() };
        let value = parser.expression(self, 0)?;
        parser.skip_spaces();
        (parser.at == parser.text.len() && value.is_finite()).then_some(value)
    }

    /// A cell's number: its value, or its formula worked out; a blank
    /// counts 0, as in Excel's arithmetic.
    fn cell(&mut self, sheet: &str, row: u32, col: u32, depth: usize) -> Option<f64> {
        self.visits += 1;
        if depth > MAX_DEPTH || self.visits > MAX_VISITS {
            return None;
        }
        let key = (sheet.to_string(), row, col);
        if let Some(known) = self.worked.get(&key) {
            return *known;
        }
        // Marked unworkable while it is worked out: a cycle ends there.
        self.worked.insert(key.clone(), None);
        if !self.sheets.contains_key(sheet) {
            let loaded = (self.load)(sheet);
            self.sheets.insert(sheet.to_string(), loaded);
        }
        let cells = self.sheets.get(sheet)?.as_ref()?;
        let value = match cells.values.get_value((row, col)) {
            Some(Data::Float(f)) => Some(*f),
            Some(Data::Int(i)) => Some(*i as f64),
            Some(Data::Empty) | None => {
                let formula = cells.formulas.as_ref().and_then(|f| f.get_value((row, col))).filter(|f| !f.is_empty());
                match formula.cloned() {
                    Some(formula) => {
                        let mut parser = Parser { text: formula.chars().collect(), at: 0, sheet: sheet.to_string() };
                        parser.expression(self, depth + 1).filter(|_| parser.at_end())
                    }
                    None => Some(0.0),
                }
            }
            _ => None,
        };
        self.worked.insert(key, value);
        value
    }
}

struct Parser {
    text: Vec<char>,
    at: usize,
    sheet: String,
}

/// A cell reference or a range of them, on a sheet.
struct Reference {
    sheet: String,
    from: (u32, u32),
    to: (u32, u32),
}

impl Parser {
    fn skip_spaces(&mut self) {
        while self.text.get(self.at).is_some_and(|c| c.is_whitespace()) {
            self.at += 1;
        }
    }

    fn at_end(&mut self) -> bool {
        self.skip_spaces();
        self.at == self.text.len()
    }

    fn eat(&mut self, c: char) -> bool {
        self.skip_spaces();
        let found = self.text.get(self.at) == Some(&c);
        if found {
            self.at += 1;
        }
        found
    }

    fn expression(&mut self, cells: &mut Evaluator<'_>, depth: usize) -> Option<f64> {
        let mut value = self.term(cells, depth)?;
        loop {
            if self.eat('+') {
                value += self.term(cells, depth)?;
            } else if self.eat('-') {
                value -= self.term(cells, depth)?;
            } else {
                return Some(value);
            }
        }
    }

    fn term(&mut self, cells: &mut Evaluator<'_>, depth: usize) -> Option<f64> {
        let mut value = self.unary(cells, depth)?;
        loop {
            if self.eat('*') {
                value *= self.unary(cells, depth)?;
            } else if self.eat('/') {
                let divisor = self.unary(cells, depth)?;
                // #DIV/0! in Excel: not a figure.
                if divisor == 0.0 {
                    return None;
                }
                value /= divisor;
            } else {
                return Some(value);
            }
        }
    }

    fn unary(&mut self, cells: &mut Evaluator<'_>, depth: usize) -> Option<f64> {
        if self.eat('-') {
            return Some(-self.unary(cells, depth)?);
        }
        if self.eat('+') {
            return self.unary(cells, depth);
        }
        if self.eat('(') {
            let value = self.expression(cells, depth)?;
            return self.eat(')').then_some(value);
        }
        self.skip_spaces();
        if self.text.get(self.at).is_some_and(|c| c.is_ascii_digit() || *c == '.') {
            return self.number();
        }
        let word = self.word();
        if self.eat('(') {
            return match word.to_ascii_uppercase().as_str() {
                "SUM" => self.sum(cells, depth),
                _ => None,
            };
        }
        let reference = self.reference(word)?;
        if reference.from != reference.to {
            return None;
        }
        cells.cell(&reference.sheet, reference.from.0, reference.from.1, depth)
    }

    fn number(&mut self) -> Option<f64> {
        let start = self.at;
        while self.text.get(self.at).is_some_and(|c| c.is_ascii_digit() || *c == '.') {
            self.at += 1;
        }
        self.text[start..self.at].iter().collect::<String>().parse().ok()
    }

    /// A run of characters up to an operator: a function's name, a sheet's
    /// name (before `!`) or a cell's address.
    fn word(&mut self) -> String {
        self.skip_spaces();
        if self.text.get(self.at) == Some(&'\'') {
            return self.quoted();
        }
        let start = self.at;
        while self.text.get(self.at).is_some_and(|c| !"+-*/(),:!^&=<> '\"".contains(*c)) {
            self.at += 1;
        }
        self.text[start..self.at].iter().collect()
    }

    /// A quoted sheet name (「'4月 実績'!C4」), `''` standing for `'`.
    fn quoted(&mut self) -> String {
        let mut name = String::new();
        self.at += 1;
        while let Some(&c) = self.text.get(self.at) {
            self.at += 1;
            if c == '\'' {
                if self.text.get(self.at) == Some(&'\'') {
                    self.at += 1;
                } else {
                    break;
                }
            }
            name.push(c);
        }
        // Marks the name as a sheet's: a cell address follows its `!`.
        name.insert(0, '\'');
        name
    }

    /// `word` as a reference: `C4`, `$C$4`, `入力!C4`, `'入力 表'!C4`,
    /// with `:E9` after it for a range.
    fn reference(&mut self, word: String) -> Option<Reference> {
        let (sheet, first) = if self.text.get(self.at) == Some(&'!') {
            self.at += 1;
            let sheet = word.strip_prefix('\'').map_or(word.clone(), str::to_string);
            (sheet, self.word())
        } else {
            (self.sheet.clone(), word)
        };
        let from = address(&first)?;
        let to = if self.text.get(self.at) == Some(&':') {
            self.at += 1;
            let second = self.word();
            address(&second)?
        } else {
            from
        };
        Some(Reference { sheet, from: (from.0.min(to.0), from.1.min(to.1)), to: (from.0.max(to.0), from.1.max(to.1)) })
    }

    /// SUM over numbers, cells and ranges; text and blanks add nothing.
    fn sum(&mut self, cells: &mut Evaluator<'_>, depth: usize) -> Option<f64> {
        let mut total = 0.0;
        loop {
            self.skip_spaces();
            let start = self.at;
            let word = self.word();
            let reference = if word.is_empty() { None } else { self.reference(word) };
            match reference {
                Some(range) if self.peek_separator() => {
                    let cells_in = (range.to.0 - range.from.0 + 1) as usize * (range.to.1 - range.from.1 + 1) as usize;
                    if cells_in > 100_000 {
                        return None;
                    }
                    for row in range.from.0..=range.to.0 {
                        for col in range.from.1..=range.to.1 {
                            total += self.summed_cell(cells, &range.sheet, row, col, depth)?;
                        }
                    }
                }
                _ => {
                    self.at = start;
                    total += self.expression(cells, depth)?;
                }
            }
            if self.eat(')') {
                return Some(total);
            }
            if !self.eat(',') {
                return None;
            }
        }
    }

    fn peek_separator(&mut self) -> bool {
        self.skip_spaces();
        matches!(self.text.get(self.at), Some(',') | Some(')'))
    }

    /// A cell of a SUM's range: text in it is passed over, as SUM does.
    fn summed_cell(&self, cells: &mut Evaluator<'_>, sheet: &str, row: u32, col: u32, depth: usize) -> Option<f64> {
        let is_text = cells
            .sheets
            .get(sheet)
            .and_then(|s| s.as_ref())
            .is_some_and(|s| matches!(s.values.get_value((row, col)), Some(Data::String(_) | Data::Bool(_))));
        if is_text {
            return Some(0.0);
        }
        cells.cell(sheet, row, col, depth)
    }
}

/// 「$C$4」 → (row 3, column 2).
fn address(text: &str) -> Option<(u32, u32)> {
    let text = text.replace('$', "");
    let letters: String = text.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
    let digits = &text[letters.len()..];
    if letters.is_empty() || letters.len() > 3 || digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let col = letters.to_ascii_uppercase().bytes().fold(0u32, |n, b| n * 26 + u32::from(b - b'A' + 1)) - 1;
    let row: u32 = digits.parse().ok()?;
    Some((row.checked_sub(1)?, col))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet(cells: &[((u32, u32), Data)], formulas: &[((u32, u32), &str)]) -> SheetCells {
        let mut values = Range::new((0, 0), (20, 20));
        for (at, value) in cells {
            values.set_value(*at, value.clone());
        }
        let mut table = Range::new((0, 0), (20, 20));
        for (at, formula) in formulas {
            table.set_value(*at, formula.to_string());
        }
        SheetCells { values, formulas: Some(table) }
    }

    #[test]
    fn references_to_another_sheet_sums_and_arithmetic() {
        let mut evaluator = Evaluator::new(|name| match name {
            "入力" => Some(sheet(
                &[((3, 2), Data::Float(45.0)), ((3, 3), Data::Int(44)), ((3, 4), Data::String("未".into()))],
                &[((3, 5), "C4+D4")],
            )),
            "提出" => Some(sheet(&[], &[((5, 4), "入力!C4"), ((5, 5), "入力!D4"), ((5, 6), "SUM(E6:F6)")])),
            _ => None,
        });
        assert_eq!(evaluator.evaluate("提出", "=入力!C4"), Some(45.0));
        assert_eq!(evaluator.evaluate("提出", "=SUM(入力!C4:E4)"), Some(89.0));
        assert_eq!(evaluator.evaluate("提出", "='入力'!$F$4*2-(1+1)/2"), Some(177.0));
        assert_eq!(evaluator.evaluate("提出", "G6*2"), Some(178.0));
        assert_eq!(evaluator.evaluate("提出", "=入力!E4+1"), None);
        assert_eq!(evaluator.evaluate("提出", "=VLOOKUP(A1,B:C,2)"), None);
        assert_eq!(evaluator.evaluate("提出", "=1/0"), None);
    }

    #[test]
    fn a_cycle_is_left_unworked() {
        let mut evaluator = Evaluator::new(|_| Some(sheet(&[], &[((0, 0), "SUM(A1:B1)")])));
        assert_eq!(evaluator.evaluate("S", "=A1"), None);
        let mut evaluator = Evaluator::new(|_| Some(sheet(&[], &[((0, 0), "B1"), ((0, 1), "A1+1")])));
        assert_eq!(evaluator.evaluate("S", "=A1"), None);
    }
}
