"""The broadcasts feature's job: keeping delivery reports current."""
