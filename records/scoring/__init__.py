"""Pure scoring rules: clinic measurements (ABI, WIfI ischaemia, posture tests), questionnaires.

No Django models and no database here, so every rule can be unit-tested against worked examples
computed by hand from the published sources cited in each module.
"""
