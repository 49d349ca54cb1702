"""Local gated-attention transformers and the interventions that probe them."""
