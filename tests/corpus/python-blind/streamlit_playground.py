"""Amazon Bedrock GenAI model playground (Streamlit).

Pick a model in the sidebar, chat with it, and see a rough cost estimate.
Model IDs: https://docs.aws.amazon.com/bedrock/latest/userguide/model-ids.html
"""

import json

import boto3
import streamlit as st

st.set_page_config(page_title="Bedrock Playground", page_icon=":rock:")
st.title(":rainbow[Amazon Bedrock Gen AI Model Playground]")

bedrock_runtime = boto3.client("bedrock-runtime", region_name="us-east-1")

# Rough on-demand prices per 1K tokens (input, output), used for the cost badge only
PRICE_PER_1K = {
    "anthropic.claude-3-haiku-20240307-v1:0": (0.00025, 0.00125),
    "anthropic.claude-3-5-sonnet-20240620-v1:0": (0.003, 0.015),
    "meta.llama3-8b-instruct-v1:0": (0.0003, 0.0006),
    "mistral.mistral-large-2402-v1:0": (0.004, 0.012),
}

if "messages" not in st.session_state:
    st.session_state.messages = []

for message in st.session_state.messages:
    with st.chat_message(message["role"]):
        st.markdown(message["content"])

model_id = st.sidebar.selectbox(
    "Select a model",
    [
        "anthropic.claude-3-haiku-20240307-v1:0",  # expect: BRL101
        "anthropic.claude-3-5-sonnet-20240620-v1:0",  # expect: BRL101
        "meta.llama3-8b-instruct-v1:0",  # expect: BRL101
        "mistral.mistral-large-2402-v1:0",  # expect: BRL101
    ],
    index=0,
)

# second tab: friendly names for the image describer
VISION_MODELS = {
    "Claude 3 Sonnet": "anthropic.claude-3-sonnet-20240229-v1:0",  # expect: BRL101
    "Claude 3.5 Sonnet v2 (cross-region)": "us.anthropic.claude-3-5-sonnet-20241022-v2:0",  # expect: BRL102
}
vision_label = st.sidebar.radio("Vision model", list(VISION_MODELS.keys()))
temperature = st.sidebar.slider("temperature", 0.0, 1.0, 0.5, 0.1)
st.sidebar.caption("Default model: anthropic.claude-3-haiku-20240307-v1:0 (cheapest)")


def build_body(model: str, prompt: str) -> str:
    if model.startswith("anthropic."):
        return json.dumps(
            {
                "anthropic_version": "bedrock-2023-05-31",
                "max_tokens": 1024,
                "temperature": temperature,
                "messages": [{"role": "user", "content": prompt}],
            }
        )
    if "llama3" in model:
        return json.dumps({"prompt": prompt, "max_gen_len": 1024, "temperature": temperature})
    if model == "mistral.mistral-large-2402-v1:0":
        return json.dumps({"prompt": f"<s>[INST] {prompt} [/INST]", "max_tokens": 1024})
    raise ValueError(f"unsupported model {model}")


def stream_answer(model: str, prompt: str):
    response = bedrock_runtime.invoke_model_with_response_stream(
        modelId=model,
        body=build_body(model, prompt),
        contentType="application/json",
        accept="application/json",
    )
    for event in response["body"]:
        chunk = json.loads(event["chunk"]["bytes"])
        if chunk.get("type") == "content_block_delta":
            yield chunk["delta"].get("text", "")
        elif "generation" in chunk:
            yield chunk["generation"]
        elif "outputs" in chunk:
            yield chunk["outputs"][0]["text"]


if prompt := st.chat_input("Ask something"):
    st.session_state.messages.append({"role": "user", "content": prompt})
    with st.chat_message("assistant"):
        answer = st.write_stream(stream_answer(model_id, prompt))
    st.session_state.messages.append({"role": "assistant", "content": answer})
    price_in, price_out = PRICE_PER_1K.get(model_id, (0.0, 0.0))
    st.caption(f"~${(len(prompt) / 4000) * price_in + (len(answer) / 4000) * price_out:.5f}")

uploaded = st.sidebar.file_uploader("Image", type=["png", "jpg"])
if uploaded is not None:
    resp = bedrock_runtime.converse(
        modelId=VISION_MODELS[vision_label],
        messages=[
            {
                "role": "user",
                "content": [
                    {"image": {"format": "png", "source": {"bytes": uploaded.read()}}},
                    {"text": "Describe this image."},
                ],
            }
        ],
    )
    st.write(resp["output"]["message"]["content"][0]["text"])
