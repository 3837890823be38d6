"""Enumerations of the walk log, named as in DESIGN.md."""

from django.db import models


class StoppedBecause(models.TextChoices):
    PAIN = "pain", "Pain"
    FATIGUE = "fatigue", "Fatigue"
    BREATHLESSNESS = "breathlessness", "Breathlessness"
    GOAL_REACHED = "goal_reached", "Goal reached"
    OTHER = "other", "Other"


class PainLocation(models.TextChoices):
    BACK = "back", "Back"
    BUTTOCK = "buttock", "Buttock"
    HIP = "hip", "Hip"
    THIGH = "thigh", "Thigh"
    KNEE = "knee", "Knee"
    CALF = "calf", "Calf"
    SHIN = "shin", "Shin"
    FOOT = "foot", "Foot"


class PainSide(models.TextChoices):
    LEFT = "left", "Left"
    RIGHT = "right", "Right"
    BOTH = "both", "Both"


class PainQuality(models.TextChoices):
    CRAMPING = "cramping", "Cramping"
    ACHING = "aching", "Aching"
    BURNING = "burning", "Burning"
    TINGLING = "tingling", "Tingling"
    NUMBNESS = "numbness", "Numbness"
    HEAVINESS = "heaviness", "Heaviness"
    WEAKNESS = "weakness", "Weakness"
    TIREDNESS = "tiredness", "Tiredness"


class ReliefPosture(models.TextChoices):
    STANDING_STILL = "standing_still", "Standing still"
    SITTING = "sitting", "Sitting"
    BENDING_FORWARD = "bending_forward", "Bending forward"
    LYING_DOWN = "lying_down", "Lying down"


class Terrain(models.TextChoices):
    FLAT = "flat", "Flat"
    UPHILL = "uphill", "Uphill"
    DOWNHILL = "downhill", "Downhill"
    STAIRS = "stairs", "Stairs"
    MIXED = "mixed", "Mixed"


class WalkingAid(models.TextChoices):
    NONE = "none", "None"
    CANE = "cane", "Cane"
    ROLLATOR = "rollator", "Rollator"
    SHOPPING_CART = "shopping_cart", "Shopping cart"


class WalkSource(models.TextChoices):
    PHONE = "phone", "Phone"
    PEDOMETER = "pedometer", "Pedometer"
    MANUAL = "manual", "Entered by hand"
    TREADMILL = "treadmill", "Treadmill"
    SIX_MINUTE_WALK = "six_minute_walk", "Six-minute walk test"
    SUPERVISED = "supervised", "Supervised session"
