"""Party dues status (đảng phí): per party member per month, paid, unpaid, exempt, reduced or
deferred — never an amount or an income."""
