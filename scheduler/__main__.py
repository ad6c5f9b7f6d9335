"""`python -m scheduler`: the reminder scheduler process."""

from scheduler.main import main

main()
