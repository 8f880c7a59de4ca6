#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| edg::fuzzing::config(data));
