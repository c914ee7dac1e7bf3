//! One sheet a month (sheets 「4月」, 「5月」 …), each a small 項目 | 実績
//! table. Written in a later step.
