//! A small JSON reader for safetensors headers (RFC 8259 values; numbers kept as text).
//! Written here rather than pulled in: the header needs objects, arrays, strings and integers,
//! which take a screen of code, while a general JSON crate would grow the wasm runtime.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

#[derive(Clone, Debug, PartialEq)]
pub(super) enum Json {
    Null,
    Bool(bool),
    /// The number as written.
    Number(String),
    String(String),
    Array(Vec<Json>),
    /// Members in file order (a repeated key appears twice).
    Object(Vec<(String, Json)>),
}

impl Json {
    pub fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Object(members) => members.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// A non-negative integer that fits in u64.
    pub fn as_u64(&self) -> Option<u64> {
        match self {
            Json::Number(n) => n.parse().ok(),
            _ => None,
        }
    }
}

/// Nesting beyond this is refused, so hostile input cannot exhaust the stack.
const MAX_DEPTH: usize = 64;

/// Parses one value filling `text` (surrounding whitespace allowed); errors give the byte offset.
pub(super) fn parse(text: &[u8]) -> Result<Json, String> {
    let text = core::str::from_utf8(text).map_err(|e| format!("it is not UTF-8 (at byte {})", e.valid_up_to()))?;
    let mut p = Parser { s: text.as_bytes(), i: 0 };
    let value = p.value(0)?;
    p.ws();
    if p.i != p.s.len() {
        return Err(p.fail("unexpected text after the value"));
    }
    Ok(value)
}

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
}

impl Parser<'_> {
    fn fail(&self, what: &str) -> String {
        format!("{what} at byte {}", self.i)
    }

    fn ws(&mut self) {
        while matches!(self.s.get(self.i), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.i += 1;
        }
    }

    fn next_is(&mut self, c: u8) -> bool {
        self.ws();
        if self.s.get(self.i) == Some(&c) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    fn expect(&mut self, c: u8) -> Result<(), String> {
        if self.next_is(c) {
            Ok(())
        } else {
            Err(self.fail(&format!("expected '{}'", c as char)))
        }
    }

    fn value(&mut self, depth: usize) -> Result<Json, String> {
        if depth > MAX_DEPTH {
            return Err(self.fail(&format!("values nest deeper than {MAX_DEPTH} levels")));
        }
        self.ws();
        match self.s.get(self.i) {
            Some(b'{') => {
                self.i += 1;
                let mut members = Vec::new();
                if self.next_is(b'}') {
                    return Ok(Json::Object(members));
                }
                loop {
                    self.ws();
                    let key = self.string()?;
                    self.expect(b':')?;
                    members.push((key, self.value(depth + 1)?));
                    if !self.next_is(b',') {
                        self.expect(b'}')?;
                        return Ok(Json::Object(members));
                    }
                }
            }
            Some(b'[') => {
                self.i += 1;
                let mut items = Vec::new();
                if self.next_is(b']') {
                    return Ok(Json::Array(items));
                }
                loop {
                    items.push(self.value(depth + 1)?);
                    if !self.next_is(b',') {
                        self.expect(b']')?;
                        return Ok(Json::Array(items));
                    }
                }
            }
            Some(b'"') => Ok(Json::String(self.string()?)),
            Some(b't') => self.word("true", Json::Bool(true)),
            Some(b'f') => self.word("false", Json::Bool(false)),
            Some(b'n') => self.word("null", Json::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => Err(self.fail("expected a JSON value")),
            None => Err(self.fail("the text ends where a value should be")),
        }
    }

    fn word(&mut self, word: &str, value: Json) -> Result<Json, String> {
        if self.s[self.i..].starts_with(word.as_bytes()) {
            self.i += word.len();
            Ok(value)
        } else {
            Err(self.fail("expected a JSON value"))
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.i;
        while self.s.get(self.i).is_some_and(u8::is_ascii_digit) {
            self.i += 1;
        }
        self.i - start
    }

    fn number(&mut self) -> Result<Json, String> {
        let start = self.i;
        if self.s[self.i] == b'-' {
            self.i += 1;
        }
        let int_start = self.i;
        let int_digits = self.digits();
        if int_digits == 0 || (int_digits > 1 && self.s[int_start] == b'0') {
            return Err(self.fail("malformed number"));
        }
        if self.s.get(self.i) == Some(&b'.') {
            self.i += 1;
            if self.digits() == 0 {
                return Err(self.fail("malformed number"));
            }
        }
        if matches!(self.s.get(self.i), Some(b'e' | b'E')) {
            self.i += 1;
            if matches!(self.s.get(self.i), Some(b'+' | b'-')) {
                self.i += 1;
            }
            if self.digits() == 0 {
                return Err(self.fail("malformed number"));
            }
        }
        // The grammar above admits ASCII only.
        Ok(Json::Number(String::from_utf8_lossy(&self.s[start..self.i]).into_owned()))
    }

    fn hex4(&mut self) -> Result<u32, String> {
        let digits = self.s.get(self.i..self.i + 4).ok_or_else(|| self.fail("truncated \\u escape"))?;
        let text = core::str::from_utf8(digits).map_err(|_| self.fail("bad \\u escape"))?;
        let value = u32::from_str_radix(text, 16).map_err(|_| self.fail("bad \\u escape"))?;
        self.i += 4;
        Ok(value)
    }

    fn string(&mut self) -> Result<String, String> {
        if self.s.get(self.i) != Some(&b'"') {
            return Err(self.fail("expected a string"));
        }
        self.i += 1;
        let mut out = String::new();
        loop {
            // Copy the run up to the next quote, escape or control character at once.
            let run = self.s[self.i..].iter().position(|&c| c == b'"' || c == b'\\' || c < 0x20).unwrap_or(self.s.len() - self.i);
            // The input is a &str and the run stops at ASCII bytes, so it is whole UTF-8.
            out.push_str(core::str::from_utf8(&self.s[self.i..self.i + run]).map_err(|_| self.fail("bad UTF-8"))?);
            self.i += run;
            match self.s.get(self.i) {
                Some(b'"') => {
                    self.i += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    let escape = *self.s.get(self.i + 1).ok_or_else(|| self.fail("unterminated string"))?;
                    self.i += 2;
                    let c = match escape {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => {
                            let high = self.hex4()?;
                            let code = if (0xD800..0xDC00).contains(&high) && self.s[self.i..].starts_with(b"\\u") {
                                self.i += 2;
                                let low = self.hex4()?;
                                if !(0xDC00..0xE000).contains(&low) {
                                    return Err(self.fail("unpaired surrogate in \\u escape"));
                                }
                                0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
                            } else {
                                high
                            };
                            char::from_u32(code).ok_or_else(|| self.fail("unpaired surrogate in \\u escape"))?
                        }
                        _ => return Err(self.fail("unknown escape")),
                    };
                    out.push(c);
                }
                Some(_) => return Err(self.fail("control character in string")),
                None => return Err(self.fail("unterminated string")),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    fn num(n: &str) -> Json {
        Json::Number(n.into())
    }

    #[test]
    fn values() {
        let v = parse(br#" {"a": [1, -2.5e3, true, null], "k\u00e9y\n": {"x": "y\"z"}, "e": {}, "f": []} "#).unwrap();
        assert_eq!(v.get("a"), Some(&Json::Array(vec![num("1"), num("-2.5e3"), Json::Bool(true), Json::Null])));
        assert_eq!(v.get("k\u{e9}y\n").and_then(|o| o.get("x")), Some(&Json::String("y\"z".into())));
        assert_eq!(v.get("e"), Some(&Json::Object(vec![])));
        assert_eq!(parse(b"\"\\ud83d\\ude00\"").unwrap(), Json::String("\u{1F600}".into()));
        assert_eq!(parse(b"18446744073709551615").unwrap().as_u64(), Some(u64::MAX));
        assert_eq!(parse(b"18446744073709551616").unwrap().as_u64(), None);
        assert_eq!(parse(b"-1").unwrap().as_u64(), None);
    }

    #[test]
    fn errors_give_the_byte() {
        assert_eq!(parse(b"{\"a\" 1}").unwrap_err(), "expected ':' at byte 5");
        assert_eq!(parse(b"[1,]").unwrap_err(), "expected a JSON value at byte 3");
        assert_eq!(parse(b"{} x").unwrap_err(), "unexpected text after the value at byte 3");
        assert_eq!(parse(b"\"abc").unwrap_err(), "unterminated string at byte 4");
        assert_eq!(parse(b"01").unwrap_err(), "malformed number at byte 2");
        assert_eq!(parse(b"\"\\ud800\"").unwrap_err(), "unpaired surrogate in \\u escape at byte 7");
        assert_eq!(parse(b"\"a\x01\"").unwrap_err(), "control character in string at byte 2");
        assert_eq!(parse(b"\xff").unwrap_err(), "it is not UTF-8 (at byte 0)");
        assert_eq!(parse(b"").unwrap_err(), "the text ends where a value should be at byte 0");
        let deep = [b'['; 100];
        assert_eq!(parse(&deep).unwrap_err(), "values nest deeper than 64 levels at byte 65");
    }
}
