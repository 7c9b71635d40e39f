from tools.drill_load.cli import main

main()
