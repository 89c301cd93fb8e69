fn main() -> std::process::ExitCode {
    aps_pack::main()
}
