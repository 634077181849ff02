//! What the command line prints, written so that a closed stdout or stderr (a supervisor's
//! pipe, `agir-server feedback --csv | head`) loses the text and nothing else: `println!`
//! panics there, and a server that dies for having printed its address is worse than a
//! line nobody reads.

/// `println!` that never panics.
#[macro_export]
macro_rules! say {
    ($($arg:tt)*) => {{
        use ::std::io::Write as _;
        let _ = ::std::writeln!(::std::io::stdout().lock(), $($arg)*);
    }};
}

/// `print!` that never panics (a document written as is, such as a CSV export).
#[macro_export]
macro_rules! say_raw {
    ($($arg:tt)*) => {{
        use ::std::io::Write as _;
        let mut out = ::std::io::stdout().lock();
        let _ = ::std::write!(out, $($arg)*).and_then(|()| out.flush());
    }};
}

/// `eprintln!` that never panics.
#[macro_export]
macro_rules! tell {
    ($($arg:tt)*) => {{
        use ::std::io::Write as _;
        let _ = ::std::writeln!(::std::io::stderr().lock(), $($arg)*);
    }};
}
