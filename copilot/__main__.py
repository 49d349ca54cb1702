from copilot.cli import main

main()
