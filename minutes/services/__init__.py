"""Domain operations that change state. Views, admin and commands all call these."""
